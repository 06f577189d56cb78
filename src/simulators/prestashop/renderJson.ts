import type { EntityView } from './entityView';
import type { ShopVersion } from './resourceModel';
import type { WsErrorEntry } from './wsError';

/** PHP's truthiness, as `array_filter` applies it. */
function phpTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '' || v === '0') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** `WebserviceOutputJSON`: id as integer, every other scalar a string, multilingual string-or-array, flat associations. */
export function jsonEntity(v: EntityView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of v.fields) {
    if (f.name === 'id') out.id = v.id;
    else if (f.langs) out[f.name] = f.langs.length === 1 ? f.langs[0].value : f.langs.map((l) => ({ id: String(l.id), value: l.value }));
    else out[f.name] = typeof f.value === 'number' || f.value === null ? f.value : String(f.value);
  }
  if (v.associations) {
    const assoc: Record<string, unknown> = {};
    for (const a of v.associations) if (a.items.length > 0) assoc[a.name] = a.items;
    out.associations = assoc;
  }
  return out;
}

/** A single entity (detail without `display`, write responses); 8.x drops every falsy field (reference §2.4). */
export function jsonSingle(v: EntityView, version: ShopVersion): string {
  let obj = jsonEntity(v);
  if (version === '8.2') obj = Object.fromEntries(Object.entries(obj).filter(([, val]) => phpTruthy(val)));
  return JSON.stringify({ [v.singular]: obj });
}

/** A list, or a detail requested with `display`: plural key; an empty list is a bare `[]`. */
export function jsonList(resource: string, views: EntityView[], minimum: boolean): string {
  if (views.length === 0) return '[]';
  return JSON.stringify({ [resource]: views.map((v) => (minimum ? { id: v.id } : jsonEntity(v))) });
}

export function jsonErrors(entries: WsErrorEntry[]): string {
  return JSON.stringify({ errors: entries.map((e) => ({ code: e.code, message: e.message })) });
}
