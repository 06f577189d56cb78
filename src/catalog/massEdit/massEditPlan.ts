import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toScaled4 } from '../../connectors/dynamics/decimalText';
import { CatalogError } from '../catalogError';
import { ownedFields } from '../../erpPull/erpOwnedFields';
import type { MassEditChanges, MassEditState } from './massEditChanges';

/**
 * The plan of a mass edit: per selected product its state before and after, the fields that change, and the
 * fields left alone with why (a price the ERP owns, no price to change by percent). Price arithmetic is done by
 * PostgreSQL on NUMERIC (exact); the plan is computed the same way for the preview and, under row locks, for
 * the confirm.
 */

export interface PlannedProduct {
  id: number;
  sku: string;
  version: number;
  before: MassEditState;
  after: MassEditState;
  changedFields: (keyof MassEditState)[];
  skipped: { field: keyof MassEditState; reason: string }[];
}

const ROUNDING_SQL = { none: 'round(x, 4)', cents: 'round(x, 2)', whole: 'round(x, 0)', end99: 'floor(x) + 0.99' } as const;
/** The largest price a NUMERIC(15,4) column holds: 11 digits before the point. */
const PRICE_TEXT = /^\d{1,11}(\.\d{1,4})?$/;

function priceSql(price: NonNullable<MassEditChanges['price']>): string {
  const x = price.mode === 'set' ? `$2::numeric` : price.mode === 'percent' ? `p.price_net * (100 + $2::numeric) / 100` : `p.price_net + $2::numeric`;
  const rounding = price.rounding ?? (price.mode === 'percent' ? 'cents' : 'none');
  return `(${ROUNDING_SQL[rounding].replace('x', `(${x})`)})`;
}

const sameCategories = (a: number[], b: number[]) => a.length === b.length && (a.length === 0 || a[0] === b[0]) && a.every((id) => b.includes(id));

function categoriesAfter(current: number[], c: MassEditChanges): number[] {
  if (c.setCategoryIds) return [...new Set(c.setCategoryIds)];
  const removed = current.filter((id) => !(c.removeCategoryIds ?? []).includes(id));
  return [...removed, ...[...new Set(c.addCategoryIds ?? [])].filter((id) => !removed.includes(id))];
}

/** Refuses changes that cannot be planned at all (422 naming the field). */
export async function checkChanges(sequelize: Sequelize, c: MassEditChanges): Promise<void> {
  if (c.status === undefined && !c.price && !c.setCategoryIds && !c.addCategoryIds && !c.removeCategoryIds) {
    throw new CatalogError('invalid', 'NOTHING_TO_CHANGE', 'Give at least one change (status, price, setCategoryIds, addCategoryIds or removeCategoryIds)', { fields: [{ field: 'changes', message: 'empty' }] });
  }
  if (c.setCategoryIds && (c.addCategoryIds || c.removeCategoryIds)) {
    throw new CatalogError('invalid', 'CONFLICTING_CHANGES', 'setCategoryIds replaces the categories: do not combine it with addCategoryIds or removeCategoryIds', { fields: [{ field: 'changes.setCategoryIds', message: 'with add/remove' }] });
  }
  if (c.price?.mode === 'set' && c.price.value.startsWith('-')) {
    throw new CatalogError('invalid', 'NEGATIVE_PRICE', 'A price cannot be negative', { fields: [{ field: 'changes.price.value', message: 'negative' }] });
  }
  for (const field of ['setCategoryIds', 'addCategoryIds'] as const) {
    const ids = [...new Set(c[field] ?? [])];
    if (!ids.length) continue;
    const found = await sequelize.query<{ id: number }>(`SELECT id FROM categories WHERE id = ANY($1::int[])`, { bind: [ids], type: QueryTypes.SELECT });
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new CatalogError('invalid', 'UNKNOWN_CATEGORY', `No category with id ${missing.join(', ')}`, { fields: [{ field: `changes.${field}`, message: `unknown: ${missing.join(', ')}` }] });
  }
}

/** The plan for these products (in id order); `lock` takes their row locks (the confirm). */
export async function planMassEdit(sequelize: Sequelize, ids: number[], c: MassEditChanges, t?: Transaction): Promise<PlannedProduct[]> {
  const rows = await sequelize.query<{
    id: number;
    sku: string;
    version: number;
    status: string;
    price_net: string | null;
    new_price: string | null;
    erp_source_id: number | null;
    field_ownership: unknown;
    category_ids: number[];
  }>(
    `SELECT p.id, p.sku, p.version, p.status, p.price_net::text AS price_net, ${c.price ? `(${priceSql(c.price)})::text` : 'NULL'} AS new_price,
            p.erp_source_id, s.field_ownership,
            coalesce((SELECT array_agg(pc.category_id ORDER BY pc.is_primary DESC, pc.category_id) FROM product_categories pc WHERE pc.product_id = p.id), '{}') AS category_ids
       FROM products p LEFT JOIN erp_sources s ON s.id = p.erp_source_id
      WHERE p.id = ANY($1::int[])
      ORDER BY p.id${t ? ' FOR UPDATE OF p' : ''}`,
    { bind: c.price ? [ids, c.price.value] : [ids], type: QueryTypes.SELECT, transaction: t },
  );
  const negative: string[] = [];
  const tooLarge: string[] = [];
  const plan = rows.map((r) => {
    const before: MassEditState = { status: r.status, priceNet: r.price_net, categoryIds: r.category_ids };
    const after: MassEditState = { ...before, categoryIds: categoriesAfter(r.category_ids, c) };
    const skipped: PlannedProduct['skipped'] = [];
    if (c.status !== undefined) after.status = c.status;
    if (c.price) {
      if (r.erp_source_id !== null && ownedFields(r.field_ownership).includes('priceNet')) skipped.push({ field: 'priceNet', reason: `owned by ERP source ${r.erp_source_id}` });
      else if (r.new_price === null) skipped.push({ field: 'priceNet', reason: 'the product has no price to change' });
      else if (r.new_price.startsWith('-')) negative.push(r.sku);
      else if (!PRICE_TEXT.test(r.new_price)) tooLarge.push(r.sku);
      else after.priceNet = r.new_price;
    }
    const changedFields: PlannedProduct['changedFields'] = [];
    if (after.status !== before.status) changedFields.push('status');
    const samePrice = after.priceNet === null || before.priceNet === null ? after.priceNet === before.priceNet : toScaled4(after.priceNet) === toScaled4(before.priceNet);
    if (!samePrice) changedFields.push('priceNet');
    else after.priceNet = before.priceNet;
    if (!sameCategories(after.categoryIds, before.categoryIds)) changedFields.push('categoryIds');
    else after.categoryIds = before.categoryIds;
    return { id: r.id, sku: r.sku, version: r.version, before, after, changedFields, skipped };
  });
  const fail = (code: string, message: string, skus: string[]) =>
    new CatalogError('invalid', code, `${message}: ${skus.slice(0, 10).join(', ')}${skus.length > 10 ? ` and ${skus.length - 10} more` : ''}`, {
      fields: [{ field: 'changes.price', message }],
      skus: skus.slice(0, 100),
    });
  if (negative.length) throw fail('NEGATIVE_PRICE', `The change would make ${negative.length} price(s) negative`, negative);
  if (tooLarge.length) throw fail('PRICE_OUT_OF_RANGE', `The change would make ${tooLarge.length} price(s) larger than 11 digits`, tooLarge);
  return plan;
}
