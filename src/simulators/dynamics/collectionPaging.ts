import { BcHttpError } from './bcHttpError';
import type { EntitySchema } from './entitySchemas';
import { matchesFilter } from './odataFilter';
import type { QueryOptions } from './odataQueryOptions';

/**
 * Server-driven paging as BC does it (reference §5): rows in key order (or `$orderby`, key as tie-breaker), at
 * most `pageSize` per response, and a `$skiptoken` that holds the sort key of the last row sent, so rows
 * inserted or changed meanwhile do not shift the window. A token older than `skipTokenTtlMs` is rejected
 * with `SkipTokenIsNoLongerValid` ([secondhand] code name).
 */

type Row = Record<string, unknown>;

export interface PagedResult {
  rows: Row[];
  /** Total rows matching `$filter` (for `$count=true`). */
  total: number;
  /** Query parameters for the next page, or null when this is the last one. */
  next: { skipToken: string; top: number | null } | null;
}

function sortValue(value: unknown, type: string | undefined): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (type === 'Edm.DateTimeOffset') return Date.parse(String(value));
  if (typeof value === 'string') return value.toUpperCase();
  return value as number | boolean;
}

export function pageCollection(all: Row[], schema: EntitySchema, opts: QueryOptions, pageSize: number, skipTokenTtlMs: number | null): PagedResult {
  const order = [...opts.orderBy, ...schema.keyOrder.map((property) => ({ property, desc: false })), { property: 'id', desc: false }];
  const keyOf = (row: Row) => order.map((o) => sortValue(row[o.property], schema.properties[o.property]));
  const compareKeys = (a: Array<string | number | boolean>, b: Array<string | number | boolean>) => {
    for (let i = 0; i < order.length; i++) {
      if (a[i] === b[i]) continue;
      const cmp = a[i] < b[i] ? -1 : 1;
      return order[i].desc ? -cmp : cmp;
    }
    return 0;
  };

  let rows = opts.filter ? all.filter((r) => matchesFilter(opts.filter!, r, schema)) : all.slice();
  const total = rows.length;
  const keyed = rows.map((row) => ({ row, key: keyOf(row) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));

  let start = 0;
  if (opts.skipToken) {
    let lastKey: Array<string | number | boolean>;
    try {
      const decoded = JSON.parse(Buffer.from(opts.skipToken, 'base64url').toString('utf8')) as { k: unknown; at: number };
      if (!Array.isArray(decoded.k) || decoded.k.length !== order.length) throw new Error('shape');
      if (skipTokenTtlMs !== null && Date.now() - decoded.at > skipTokenTtlMs) throw new Error('expired');
      lastKey = decoded.k as Array<string | number | boolean>;
    } catch {
      throw new BcHttpError(400, 'SkipTokenIsNoLongerValid', 'The skip token is no longer valid. Restart the request without a skip token');
    }
    start = keyed.findIndex((k) => compareKeys(k.key, lastKey) > 0);
    if (start < 0) start = keyed.length;
  } else {
    start = Math.min(opts.skip, keyed.length);
  }

  const wanted = opts.top === null ? Infinity : opts.top;
  const take = Math.min(wanted, pageSize);
  const slice = keyed.slice(start, start + take);
  rows = slice.map((k) => k.row);
  const moreRows = start + take < keyed.length;
  const moreWanted = wanted > take;
  const next =
    moreRows && moreWanted && slice.length > 0
      ? {
          skipToken: Buffer.from(JSON.stringify({ k: slice[slice.length - 1].key, at: Date.now() }), 'utf8').toString('base64url'),
          top: opts.top === null ? null : opts.top - take,
        }
      : null;
  return { rows, total, next };
}
