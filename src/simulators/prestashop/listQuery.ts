import type { DisplaySelection } from './entityView';
import type { Entity, FieldDef, ResourceDef } from './resourceModel';
import { mysqlCompare } from './mysqlCompare';
import type { ShopStore } from './shopStore';
import { WsError } from './wsError';

/** Splits `a,b[c,d],e` on top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function fieldNames(def: ResourceDef): string[] {
  return ['id', ...def.fields.map((f) => f.name)];
}

/** `display`: undefined = default, 'full', or `[f1,f2,assoc[sub]]` (errors 35/36). */
export function parseDisplay(def: ResourceDef, raw: string | null): DisplaySelection | 'full' | null {
  if (raw === null) return null;
  if (raw === 'full') return 'full';
  const available = fieldNames(def);
  const m = raw.match(/^\[(.*)\]$/s);
  if (!m) throw new WsError(400, 36, `The 'display' syntax is wrong. You can set 'full' or '[field_1,field_2,field_3,...]'. These are available: ${available.join(', ')}`);
  const sel: DisplaySelection = { fields: new Set(), associations: new Map() };
  for (const part of splitTop(m[1])) {
    const sub = part.match(/^([^[]+)\[(.*)\]$/s);
    const name = sub ? sub[1] : part;
    const assoc = def.associations.find((a) => a.name === name);
    if (assoc) {
      sel.associations.set(name, sub ? splitTop(sub[2]) : null);
      continue;
    }
    if (!available.includes(name)) throw new WsError(400, 35, `Unable to display this field "${name}". However, these are available: ${available.join(', ')}`);
    sel.fields.add(name);
  }
  return sel;
}

type Matcher = (value: string) => boolean;

const compare = mysqlCompare;

function like(pattern: string): Matcher {
  const rx = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'is');
  return (v) => rx.test(v);
}

/** `SQLUtils::getSQLRetrieveFilter` as a predicate (reference §2.2). */
export function filterMatcher(raw: string): Matcher {
  const m = raw.match(/^(.*)\[(.*)\](.*)$/s);
  if (!m) return (v) => compare(v, raw) === 0;
  const [, pre, inner, post] = m;
  if (pre === '%' || post === '%') return like(pre + inner + post);
  if (pre === '' && post === '') {
    if (inner.indexOf('|') > 0) {
      const opts = inner.split('|');
      return (v) => opts.some((o) => compare(v, o) === 0);
    }
    const range = inner.match(/^([\d.:\-\s]+),([\d.:\-\s]+)$/);
    if (range) {
      const [lo, hi] = [range[1], range[2]].sort(compare);
      return (v) => compare(v, lo) >= 0 && compare(v, hi) <= 0;
    }
    return (v) => compare(v, inner) === 0;
  }
  if (pre === '>') return (v) => compare(v, inner) > 0;
  if (pre === '<') return (v) => compare(v, inner) < 0;
  if (pre === '!') {
    const opts = inner.split('|');
    return (v) => opts.every((o) => compare(v, o) !== 0);
  }
  return () => true;
}

/**
 * The operands when `filterMatcher(raw)` is a plain equality test (`X`, `[X]`) or an OR of them (`[A|B|…]`),
 * else null. Such a filter can be answered from a column index, as MySQL would (`col = "a" OR col = "b"` on
 * an indexed column is a range scan of the index, not of the table).
 */
export function equalityOperands(raw: string): string[] | null {
  const m = raw.match(/^(.*)\[(.*)\](.*)$/s);
  if (!m) return [raw];
  const [, pre, inner, post] = m;
  if (pre !== '' || post !== '') return null;
  if (inner.indexOf('|') > 0) return inner.split('|');
  if (/^([\d.:\-\s]+),([\d.:\-\s]+)$/.test(inner)) return null;
  return [inner];
}

export interface ListQuery {
  /** `equals`: the operands of a plain equality filter or an OR of them (see equalityOperands). */
  filters: Array<{ field: FieldDef | 'id'; match: Matcher; equals: string[] | null }>;
  sort: Array<{ field: FieldDef | 'id'; desc: boolean }>;
  limit: { offset: number; count: number } | null;
}

function lookup(def: ResourceDef, name: string, dateAllowed: boolean): FieldDef | 'id' | undefined {
  if (name === 'id') return 'id';
  if ((name === 'date_add' || name === 'date_upd') && !dateAllowed) return undefined;
  return def.fields.find((f) => f.name === name);
}

export function parseListQuery(def: ResourceDef, q: URLSearchParams): ListQuery {
  const dateAllowed = q.get('date') === '1';
  const filterable = ['id', ...def.fields.filter((f) => !f.virtual && (dateAllowed || !['date_add', 'date_upd'].includes(f.name))).map((f) => f.name)];
  const filters: ListQuery['filters'] = [];
  for (const [key, value] of q) {
    const m = key.match(/^filter\[(.+)\]$/);
    if (!m) continue;
    const name = m[1];
    const field = lookup(def, name, dateAllowed);
    if (!field) {
      const guess = filterable.find((f) => f.includes(name) || name.includes(f)) ?? filterable[0];
      throw new WsError(400, 32, `This filter does not exist. Did you mean: "${guess}"? The full list is: "${filterable.join('", "')}"`);
    }
    if (field !== 'id' && field.virtual) throw new WsError(400, 34, `The field "${name}" is dynamic. It is not possible to filter GET query with this field.`);
    if (value === '') throw new WsError(400, 33, `The filter "${name}" is malformed.`);
    filters.push({ field, match: filterMatcher(value), equals: equalityOperands(value) });
  }
  const sort: ListQuery['sort'] = [];
  const rawSort = q.get('sort');
  if (rawSort !== null) {
    const inner = rawSort.replace(/^\[(.*)\]$/s, '$1');
    for (const part of inner.split(',')) {
      const cut = part.lastIndexOf('_');
      const dir = cut > 0 ? part.slice(cut + 1) : '';
      if (dir !== 'ASC' && dir !== 'DESC') {
        throw new WsError(400, 37, `The "sort" value has to be formed as this example: "field_ASC" or '[field_1_DESC,field_2_ASC,field_3_ASC,...]' ("field" has to be an available field)`);
      }
      const field = lookup(def, part.slice(0, cut), dateAllowed);
      if (!field || (field !== 'id' && field.virtual)) {
        throw new WsError(400, 38, `Unable to filter by this field. However, these are available: ${filterable.filter((f) => !def.fields.find((d) => d.name === f)?.i18n).join(', ')}, for i18n fields:${def.fields.filter((f) => f.i18n).map((f) => f.name).join(', ')}`);
      }
      sort.push({ field, desc: dir === 'DESC' });
    }
  }
  let limit: ListQuery['limit'] = null;
  const rawLimit = q.get('limit');
  if (rawLimit !== null) {
    const parts = rawLimit.split(',');
    if (parts.length > 2) throw new WsError(400, 39, 'The "limit" value has to be formed as this example: "5,25" or "10"');
    const ints = parts.map((p) => Number.parseInt(p, 10) || 0);
    limit = parts.length === 2 ? { offset: ints[0], count: ints[1] } : { offset: 0, count: ints[0] };
  }
  return { filters, sort, limit };
}

function valuesOf(e: Entity, field: FieldDef | 'id', langs: number[]): string[] {
  if (field === 'id') return [String(e.id)];
  if (field.i18n) return langs.map((l) => e.i18n[field.name]?.[l] ?? '');
  return [e.values[field.name] ?? ''];
}

/**
 * The rows a list query has to look at, in id order: those the most selective equality filter on a plain
 * column selects through the store's index (a superset of the matches), else the whole table. Counted in the
 * store's `rowsExamined`.
 */
export function listCandidates(store: ShopStore, resource: string, query: ListQuery): readonly Entity[] {
  let best: { column: string; operands: string[]; count: number } | null = null;
  for (const f of query.filters) {
    if (f.equals === null || (f.field !== 'id' && (f.field.i18n || f.field.virtual))) continue;
    const column = f.field === 'id' ? 'id' : f.field.name;
    const count = column === 'id' ? f.equals.length : store.candidateCount(resource, column, f.equals);
    if (!best || count < best.count) best = { column, operands: f.equals, count };
  }
  let rows: readonly Entity[];
  if (!best) rows = store.rows(resource);
  else if (best.column === 'id') rows = store.byIds(resource, best.operands);
  else rows = store.candidates(resource, best.column, best.operands);
  store.rowsExamined += rows.length;
  return rows;
}

export function runListQuery(rows: readonly Entity[], query: ListQuery, langs: number[]): Entity[] {
  let out = rows.filter((e) => query.filters.every((f) => valuesOf(e, f.field, langs).some(f.match)));
  if (query.sort.length > 0) {
    out = [...out].sort((a, b) => {
      for (const s of query.sort) {
        const c = compare(valuesOf(a, s.field, langs)[0] ?? '', valuesOf(b, s.field, langs)[0] ?? '');
        if (c !== 0) return s.desc ? -c : c;
      }
      return a.id - b.id;
    });
  }
  if (query.limit) out = out.slice(query.limit.offset, query.limit.offset + Math.max(0, query.limit.count));
  return out;
}

/** `language=N | [1|3] | [1,3]` (codes 78–81); default: active languages. */
export function outputLanguages(store: ShopStore, raw: string | null): number[] {
  const active = store.activeLanguageIds();
  if (raw === null) return active;
  const inner = raw.replace(/^\[(.*)\]$/s, '$1');
  let ids: number[];
  if (inner.includes(',')) {
    const parts = inner.split(',');
    if (parts.length !== 2) throw new WsError(400, 78, 'A range value for a language must contains only 2 values');
    if (!parts.every((p) => /^\d+$/.test(p))) throw new WsError(400, 80, 'Language ID must be numeric');
    const [lo, hi] = parts.map(Number).sort((a, b) => a - b);
    ids = store.allLanguageIds().filter((l) => l >= lo && l <= hi);
  } else {
    const parts = inner.split('|');
    if (!parts.every((p) => /^\d+$/.test(p))) throw new WsError(400, 79, 'language value is wrong');
    ids = parts.map(Number);
  }
  const known = ids.filter((l) => store.allLanguageIds().includes(l));
  if (known.length === 0) throw new WsError(400, 81, 'language is not available');
  return [...new Set(known)].sort((a, b) => a - b);
}
