import { QueryTypes, type Sequelize } from 'sequelize';
import type { ProductFilter } from './productFilterContract';

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An RFC 3339 time PostgreSQL reads (else the same instant in UTC): it refuses offsets beyond ±15:59 (RFC 3339 allows up to
 * 23:59) and years outside 1..9999 need other syntax; clamping there changes no answer for `updated_at`.
 */
function utcInstant(rfc3339: string): string {
  const offsetHours = /[+-](\d{2}):\d{2}$/.exec(rfc3339)?.[1];
  if (Number(offsetHours ?? 0) <= 15 && Number(rfc3339.slice(0, 4)) >= 1) return rfc3339; // as written (microseconds kept)
  return new Date(Math.min(Math.max(Date.parse(rfc3339), EARLIEST), LATEST)).toISOString();
}

/** SQL conditions (on `products p`) for a catalogue filter; values are appended to `bind`. */
export function productFilterWhere(filter: ProductFilter, bind: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: string, v: unknown) => {
    bind.push(v);
    where.push(sql.replace('?', `$${bind.length}`));
  };
  if (filter.status) add('p.status = ?', filter.status);
  if (filter.skuPrefix) add(`p.sku LIKE ? || '%'`, filter.skuPrefix.replace(/[\\%_]/g, (c) => `\\${c}`));
  if (filter.erpSourceId !== undefined) add('p.erp_source_id = ?', filter.erpSourceId);
  if (filter.updatedSince) add('p.updated_at >= ?::timestamptz', utcInstant(filter.updatedSince));
  if (filter.categoryId !== undefined) add('EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ?)', filter.categoryId);
  return where;
}

/** How many products a catalogue filter selects right now (the API caps filter-based jobs with it). */
export async function countFilteredProducts(sequelize: Sequelize, filter: ProductFilter): Promise<number> {
  const bind: unknown[] = [];
  const where = productFilterWhere(filter, bind);
  const [r] = await sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, {
    bind,
    type: QueryTypes.SELECT,
  });
  return r?.n ?? 0;
}
