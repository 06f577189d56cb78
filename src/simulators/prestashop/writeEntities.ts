import type { Draft, Entity, FieldDef, ResourceDef } from './resourceModel';
import type { ShopStore } from './shopStore';
import { validate } from './validators';
import { WsError } from './wsError';
import { child, parseXmlBody, type XmlNode } from './xmlInput';

export type WriteMethod = 'POST' | 'PUT' | 'PATCH';

/** PHP's `empty()` for the strings PrestaShop validates. */
function phpEmpty(v: string | null | undefined): boolean {
  return v === null || v === undefined || v === '' || v === '0';
}

/** `ObjectModel::validateField` (non-human messages); returns the message or null. */
function validateField(store: ShopStore, def: ResourceDef, f: FieldDef, value: string | null, skipRequired: boolean): { message: string; value: string | null } | null {
  const prop = `${def.className}->${f.name}`;
  if (f.required && !skipRequired && (value === null || value === '')) return { message: `Property ${prop} is empty.`, value };
  let v = value;
  if (!v && f.default) v = f.default;
  if (f.values && !f.values.includes(v ?? '')) return { message: `Property ${prop} has a bad value (allowed values are: ${f.values.join(', ')}).`, value: v };
  if (f.size !== undefined && v) {
    const len = [...v].length;
    if (len > f.size) return { message: `The length of property ${prop} is currently ${len} chars. It must be between 0 and ${f.size} chars.`, value: v };
  }
  if (f.validate && !phpEmpty(v) && !validate(f.validate, v as string, store.version)) return { message: `Property ${prop} is not valid`, value: v };
  if (v !== value) return { message: '', value: v };
  return null;
}

/** How a raw (validated) value is stored and read back, as MySQL would return it. */
export function toColumn(f: FieldDef, v: string | null): string {
  switch (f.type) {
    case 'int': {
      if ((v === null || v === '') && f.nullable) return '';
      const n = Number.parseInt(v ?? '', 10);
      return String(Number.isNaN(n) ? 0 : n);
    }
    case 'float': {
      const n = Number.parseFloat(v ?? '');
      return (Number.isNaN(n) ? 0 : n).toFixed(6);
    }
    case 'bool':
      return v !== null && v !== '' && v !== '0' ? '1' : '0';
    case 'date':
      return v || '0000-00-00';
    case 'datetime':
      return v || '0000-00-00 00:00:00';
    default:
      return v ?? '';
  }
}

function draftFrom(e: Entity | null): Draft {
  if (!e) return { id: null, values: {}, i18n: {} };
  return { id: e.id, values: { ...e.values }, i18n: Object.fromEntries(Object.entries(e.i18n).map(([k, m]) => [k, { ...m }])) };
}

/** Assigns one entity's elements onto the draft (reference §6.1 step 3). */
function assignFields(store: ShopStore, def: ResourceDef, node: XmlNode, draft: Draft, method: WriteMethod): void {
  for (const f of def.fields) {
    if (f.i18n) continue;
    const el = child(node, f.name);
    if (!el) {
      if (method === 'PATCH') continue;
      if (f.required) throw new WsError(400, 41, `parameter "${f.name}" required`);
      if (!f.virtual) draft.values[f.name] = null;
      continue;
    }
    if (f.virtual) {
      if (f.virtual.set === false) throw new WsError(400, 93, `parameter "${f.name}" not writable. Please remove this attribute of this XML`);
      f.virtual.set(draft, el.text);
    } else draft.values[f.name] = el.text;
  }
  const languages = store.allLanguageIds();
  for (const f of def.fields) {
    if (!f.i18n) continue;
    const el = child(node, f.name);
    if (!el && method === 'PATCH') continue;
    const map = (draft.i18n[f.name] ??= {});
    const langs = el?.children.filter((c) => c.name === 'language') ?? [];
    if (el && langs.length > 0) {
      for (const l of langs) {
        const id = Number.parseInt(l.attrs.id ?? '', 10);
        if (languages.includes(id)) map[id] = l.text;
      }
    } else for (const id of languages) map[id] = el?.text ?? '';
  }
}

function validateDraft(store: ShopStore, def: ResourceDef, draft: Draft): void {
  for (const f of def.fields) {
    if (!f.i18n || f.virtual) continue;
    const map = (draft.i18n[f.name] ??= {});
    for (const lang of store.allLanguageIds()) {
      const r = validateField(store, def, f, map[lang] ?? '', lang !== store.defaultLanguageId);
      if (r?.message) throw new WsError(400, 84, `Validation error: "${r.message}"`);
    }
  }
  for (const f of def.fields) {
    if (f.i18n || f.virtual) continue;
    const r = validateField(store, def, f, draft.values[f.name] ?? null, false);
    if (r?.message) throw new WsError(400, 85, `Validation error: "${r.message}"`);
    if (r) draft.values[f.name] = r.value;
  }
}

function save(store: ShopStore, def: ResourceDef, draft: Draft, existing: Entity | null): Entity {
  const values: Record<string, string> = {};
  for (const f of def.fields) {
    if (f.virtual && f.virtual.set !== false) continue;
    if (f.i18n) continue;
    if (f.virtual) {
      if (draft.values[f.name] !== undefined && draft.values[f.name] !== null) values[f.name] = String(draft.values[f.name]);
      continue;
    }
    values[f.name] = toColumn(f, draft.values[f.name] ?? null);
  }
  const i18n: Record<string, Record<number, string>> = {};
  for (const f of def.fields) {
    if (!f.i18n) continue;
    const map = draft.i18n[f.name] ?? {};
    const fallback = f.required ? map[store.defaultLanguageId] ?? '' : '';
    i18n[f.name] = Object.fromEntries(store.allLanguageIds().map((l) => [l, map[l] === undefined || (f.required && map[l] === '') ? fallback : map[l]]));
  }
  if (existing) {
    existing.values = values;
    existing.i18n = i18n;
    store.put(def.name, existing);
    return existing;
  }
  const e: Entity = { id: store.allocateId(def.name), values, i18n, assoc: {} };
  store.put(def.name, e);
  def.afterAdd?.(e);
  return e;
}

function applyAssociations(def: ResourceDef, node: XmlNode, e: Entity): void {
  const assocNode = child(node, 'associations');
  if (!assocNode) return;
  for (const a of assocNode.children) {
    const spec = def.associations.find((d) => d.name === a.name);
    if (!spec) throw new WsError(400, 86, `The association "${a.name}" does not exists`);
    if (!spec.set) continue;
    const items = a.children.map((item) => Object.fromEntries(spec.itemFields.map((k) => [k, child(item, k)?.text ?? ''])));
    spec.set(e, items);
  }
}

/** `WebserviceRequest::saveEntityFromXml`: writes every entity of the body, in order, without a transaction. */
export function writeEntities(store: ShopStore, def: ResourceDef, method: WriteMethod, body: string): Entity[] {
  const root = parseXmlBody(body);
  const nodes = root.children;
  const ids = nodes.map((n) => child(n, 'id')?.text ?? '').filter((id) => id !== '');
  if (method === 'POST') {
    if (ids.length > 0) throw new WsError(400, 91, 'id is forbidden when adding a new resource');
  } else {
    if (new Set(ids).size !== ids.length) throw new WsError(400, 89, 'id is duplicate in request');
    if (ids.length !== nodes.length) throw new WsError(400, 90, 'id is required when modifying a resource');
  }
  const saved: Entity[] = [];
  for (const node of nodes) {
    let existing: Entity | null = null;
    if (method !== 'POST') {
      existing = store.get(def.name, Number.parseInt(child(node, 'id')?.text ?? '', 10)) ?? null;
      if (!existing) throw new WsError(404, 92, 'Invalid ID');
    }
    const draft = draftFrom(existing);
    assignFields(store, def, node, draft, method);
    if (method === 'POST') def.postModifier?.(draft);
    validateDraft(store, def, draft);
    def.beforeSave?.(draft, method, existing);
    const e = save(store, def, draft, existing);
    applyAssociations(def, node, e);
    saved.push(e);
  }
  return saved;
}
