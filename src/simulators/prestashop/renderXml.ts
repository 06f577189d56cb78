import type { EntityView } from './entityView';
import type { WsErrorEntry } from './wsError';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n';
const TAIL = '</prestashop>\n';

export function cdata(v: string | number | null): string {
  return `<![CDATA[${String(v ?? '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function entityBody(v: EntityView, baseUrl: string): string {
  let out = '';
  for (const f of v.fields) {
    if (f.langs) {
      const langs = f.langs.map((l) => `<language id="${l.id}" xlink:href="${baseUrl}/api/languages/${l.id}">${cdata(l.value)}</language>`).join('');
      out += `\t<${f.name}>${langs}</${f.name}>\n`;
      continue;
    }
    const attrs = (f.xlink ? ` xlink:href="${escapeAttr(f.xlink)}"` : '') + (f.notFilterable ? ' notFilterable="true"' : '');
    out += `\t<${f.name}${attrs}>${cdata(f.value)}</${f.name}>\n`;
  }
  if (v.associations) {
    out += '<associations>\n';
    for (const a of v.associations) {
      const open = `<${a.name} nodeType="${a.nodeType}" api="${a.api}"`;
      if (a.items.length === 0) {
        out += `${open}/>\n`;
        continue;
      }
      out += `${open}>\n`;
      for (const it of a.items) {
        const href = it.id && it.id !== '0' ? ` xlink:href="${baseUrl}/api/${a.api}/${it.id}"` : '';
        out += `\t<${a.nodeType}${href}>\n${a.itemFields.map((k) => `\t<${k}>${cdata(it[k] ?? '')}</${k}>\n`).join('')}</${a.nodeType}>\n`;
      }
      out += `</${a.name}>\n`;
    }
    out += '</associations>\n';
  }
  return out;
}

export function xmlDocument(inner: string): string {
  return HEAD + inner + TAIL;
}

export function xmlEntity(v: EntityView, baseUrl: string): string {
  return `<${v.singular}>\n${entityBody(v, baseUrl)}</${v.singular}>\n`;
}

/** List: `minimum` renders `<product id=".." xlink:href=".."/>`, otherwise full elements. */
export function xmlList(resource: string, singular: string, views: EntityView[], minimum: boolean, baseUrl: string): string {
  const inner = minimum
    ? views.map((v) => `\t<${singular} id="${v.id}" xlink:href="${baseUrl}/api/${resource}/${v.id}"/>\n`).join('')
    : views.map((v) => xmlEntity(v, baseUrl)).join('');
  return xmlDocument(`<${resource}>\n${inner}</${resource}>\n`);
}

export function xmlErrors(entries: WsErrorEntry[]): string {
  const items = entries.map((e) => `<error>\n<code>${cdata(e.code)}</code>\n<message>${cdata(e.message)}</message>\n</error>\n`).join('');
  return xmlDocument(`<errors>\n${items}</errors>\n`);
}
