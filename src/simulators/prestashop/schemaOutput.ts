import type { ResourceDef } from './resourceModel';
import { cdata, escapeAttr, xmlDocument } from './renderXml';
import { WsError } from './wsError';

/** `?schema=blank` (a template to fill) and `?schema=synopsis` (field attributes), reference §1.7. */
export function schemaXml(def: ResourceDef, kind: string, langs: number[], baseUrl: string): string {
  if (kind !== 'blank' && kind !== 'synopsis') {
    throw new WsError(400, 28, "Please select a schema of type 'synopsis' to get the whole schema informations (which fields are required, which kind of content...) or 'blank' to get an empty schema to fill before using POST request");
  }
  const synopsis = kind === 'synopsis';
  let out = synopsis ? '' : `\t<id>${cdata('')}</id>\n`;
  for (const f of def.fields) {
    if (!synopsis && f.virtual?.set === false) continue;
    const attrs: string[] = [];
    if (synopsis) {
      if (f.required) attrs.push('required="true"');
      if (f.size) attrs.push(`maxSize="${f.size}"`);
      if (f.validate) attrs.push(`format="${f.validate}"`);
      if (f.virtual) attrs.push('notFilterable="true"');
      if (f.virtual?.set === false) attrs.push('read_only="true"', 'readOnly="true"');
    }
    const a = attrs.length ? ` ${attrs.join(' ')}` : '';
    if (f.i18n) {
      const fmt = synopsis ? ' format="isUnsignedId"' : '';
      const l = langs.map((id) => `<language id="${id}" xlink:href="${escapeAttr(`${baseUrl}/api/languages/${id}`)}"${fmt}>${cdata('')}</language>`).join('');
      out += `\t<${f.name}${a}>${l}</${f.name}>\n`;
    } else out += `\t<${f.name}${a}>${cdata('')}</${f.name}>\n`;
  }
  if (def.associations.length) {
    out += '<associations>\n';
    for (const as of def.associations) {
      const attrs = synopsis ? ` nodeType="${as.nodeType}" api="${as.api}"` : ` nodeType="${as.nodeType}" api="${as.api}"`;
      out += `<${as.name}${attrs}>\n\t<${as.nodeType}>\n${as.itemFields.map((k) => `\t<${k}>${cdata('')}</${k}>\n`).join('')}\t</${as.nodeType}>\n</${as.name}>\n`;
    }
    out += '</associations>\n';
  }
  return xmlDocument(`<${def.singular}>\n${out}</${def.singular}>\n`);
}

export function schemaJson(def: ResourceDef, langs: number[]): string {
  const obj: Record<string, unknown> = { id: '' };
  for (const f of def.fields) {
    if (f.virtual?.set === false) continue;
    obj[f.name] = f.i18n ? (langs.length === 1 ? '' : langs.map((id) => ({ id: String(id), value: '' }))) : '';
  }
  if (def.associations.length) obj.associations = Object.fromEntries(def.associations.map((a) => [a.name, [Object.fromEntries(a.itemFields.map((k) => [k, '']))]]));
  return JSON.stringify({ [def.singular]: obj });
}
