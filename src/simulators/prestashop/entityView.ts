import type { Entity, ResourceDef } from './resourceModel';

/** One entity prepared for output: fields in output order, multilingual values per output language. */
export interface FieldView {
  name: string;
  /** `null` renders empty; numbers only where PHP would hold a number (id, some virtual fields). */
  value: string | number | null;
  /** Present for multilingual fields. */
  langs?: Array<{ id: number; value: string }>;
  xlink?: string;
  notFilterable?: boolean;
}

export interface AssociationView {
  name: string;
  nodeType: string;
  api: string;
  itemFields: string[];
  items: Array<Record<string, string>>;
}

export interface EntityView {
  resource: string;
  singular: string;
  id: number;
  fields: FieldView[];
  associations: AssociationView[] | null;
}

/** What `display` selected: null = full; otherwise field names and association sub-selections. */
export interface DisplaySelection {
  fields: Set<string>;
  associations: Map<string, string[] | null>;
}

export function viewEntity(def: ResourceDef, e: Entity, langs: number[], baseUrl: string, selection: DisplaySelection | null): EntityView {
  const want = (name: string) => selection === null || selection.fields.has(name);
  const fields: FieldView[] = [];
  if (want('id')) fields.push({ name: 'id', value: e.id });
  for (const f of def.fields) {
    if (!want(f.name)) continue;
    if (f.i18n) {
      fields.push({ name: f.name, value: null, langs: langs.map((id) => ({ id, value: e.i18n[f.name]?.[id] ?? '' })) });
      continue;
    }
    const value = f.virtual ? f.virtual.get(e) : (e.values[f.name] ?? '');
    const view: FieldView = { name: f.name, value };
    if (f.virtual) view.notFilterable = true;
    const truthy = value !== null && value !== '' && value !== '0' && value !== 0;
    if (f.xlink && truthy) view.xlink = `${baseUrl}/api/${f.xlink}/${value}`;
    if (f.name === 'id_default_image' && truthy) view.xlink = `${baseUrl}/api/images/products/${e.id}/${value}`;
    fields.push(view);
  }
  let associations: AssociationView[] | null = null;
  if (def.associations.length > 0 && (selection === null || selection.associations.size > 0)) {
    associations = [];
    for (const a of def.associations) {
      if (selection !== null && !selection.associations.has(a.name)) continue;
      const sub = selection?.associations.get(a.name) ?? null;
      const itemFields = sub ? a.itemFields.filter((k) => sub.includes(k)) : a.itemFields;
      const items = a.get(e).map((it) => Object.fromEntries(itemFields.map((k) => [k, it[k] ?? ''])));
      associations.push({ name: a.name, nodeType: a.nodeType, api: a.api, itemFields, items });
    }
  }
  return { resource: def.name, singular: def.singular, id: e.id, fields, associations };
}
