import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toScaled4 } from '../../connectors/dynamics/decimalText';
import { CatalogError } from '../catalogError';
import { ownedFields } from '../erpOwnedFields';
import type { MassEditChanges, MassEditPrice, MassEditState, ShopOverrideState } from './massEditChanges';

/**
 * The plan of a mass edit: per selected product its state before and after (with its overrides in the shops the
 * change names), the fields that change, and the fields left alone with why (a price the ERP owns, no price to
 * change by percent). Price arithmetic is done by
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

/** The new price from `current` (an SQL expression) and the change's value in bind parameter $2. */
function priceSql(price: MassEditPrice, current = 'p.price_net'): string {
  const x = price.mode === 'set' ? `$2::numeric` : price.mode === 'percent' ? `${current} * (100 + $2::numeric) / 100` : `${current} + $2::numeric`;
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
  if (c.status === undefined && !c.price && !c.setCategoryIds && !c.addCategoryIds && !c.removeCategoryIds && !c.shopOverrides) {
    throw new CatalogError('invalid', 'NOTHING_TO_CHANGE', 'Give at least one change (status, price, setCategoryIds, addCategoryIds, removeCategoryIds or shopOverrides)', {
      fields: [{ field: 'changes', message: 'empty' }],
    });
  }
  await checkShopOverrides(sequelize, c.shopOverrides ?? []);
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

/** Per-shop overrides: each shop once, known, with something to change, and no negative price set (422 naming the entry). */
async function checkShopOverrides(sequelize: Sequelize, entries: NonNullable<MassEditChanges['shopOverrides']>): Promise<void> {
  const invalid = (code: string, message: string, field: string) => new CatalogError('invalid', code, message, { fields: [{ field, message }] });
  for (const [i, e] of entries.entries()) {
    const at = `changes.shopOverrides.${i}`;
    if (entries.findIndex((o) => o.shopId === e.shopId) !== i) throw invalid('DUPLICATE_SHOP', `Shop ${e.shopId} is named twice`, `${at}.shopId`);
    if (e.price === undefined && e.active === undefined) throw invalid('NOTHING_TO_CHANGE', `Give price or active for shop ${e.shopId}`, at);
    if (e.price?.mode === 'set' && e.price.value.startsWith('-')) throw invalid('NEGATIVE_PRICE', 'A price cannot be negative', `${at}.price.value`);
  }
  if (!entries.length) return;
  const found = await sequelize.query<{ id: number }>(`SELECT id FROM shops WHERE id = ANY($1::int[])`, { bind: [entries.map((e) => e.shopId)], type: QueryTypes.SELECT });
  const i = entries.findIndex((e) => !found.some((f) => f.id === e.shopId));
  if (i >= 0) throw invalid('UNKNOWN_SHOP', `No shop with id ${entries[i].shopId}`, `changes.shopOverrides.${i}.shopId`);
}

const sameState = (a: ShopOverrideState, b: ShopOverrideState) =>
  a.active === b.active && (a.priceNet === null || b.priceNet === null ? a.priceNet === b.priceNet : toScaled4(a.priceNet) === toScaled4(b.priceNet));

/**
 * Per product and named shop: the overrides now and after the change (prices computed by PostgreSQL, percent and
 * amount from the shop's effective price: its override, else the central price).
 */
async function planShopOverrides(sequelize: Sequelize, ids: number[], c: MassEditChanges, t?: Transaction) {
  const out = new Map<number, { before: Record<string, ShopOverrideState>; after: Record<string, ShopOverrideState>; skipped: string[] }>();
  for (const id of ids) out.set(id, { before: {}, after: {}, skipped: [] });
  const refused: { code: string; message: string; field: string; skus: string[] }[] = [];
  for (const [i, e] of (c.shopOverrides ?? []).entries()) {
    const rows = await sequelize.query<{ id: number; sku: string; price_net: string | null; active: boolean | null; new_price: string | null }>(
      `SELECT p.id, p.sku, d.price_net::text AS price_net, d.active,
              ${e.price ? `(${priceSql(e.price, 'coalesce(d.price_net, p.price_net)')})::text` : '$2::text'} AS new_price
         FROM products p LEFT JOIN product_shop_data d ON d.product_id = p.id AND d.shop_id = $3
        WHERE p.id = ANY($1::int[]) ORDER BY p.id`,
      { bind: [ids, e.price?.value ?? null, e.shopId], type: QueryTypes.SELECT, transaction: t },
    );
    const negative: string[] = [];
    const tooLarge: string[] = [];
    for (const r of rows) {
      const plan = out.get(r.id)!;
      const before: ShopOverrideState = { priceNet: r.price_net, active: r.active };
      const after: ShopOverrideState = { ...before };
      if (e.active !== undefined) after.active = e.active;
      if (e.price === null) after.priceNet = null;
      else if (e.price) {
        if (r.new_price === null) plan.skipped.push(`shop ${e.shopId}: the product has no price to change`);
        else if (r.new_price.startsWith('-')) negative.push(r.sku);
        else if (!PRICE_TEXT.test(r.new_price)) tooLarge.push(r.sku);
        else after.priceNet = r.new_price;
      }
      plan.before[e.shopId] = before;
      plan.after[e.shopId] = sameState(before, after) ? before : after;
    }
    const field = `changes.shopOverrides.${i}.price`;
    if (negative.length) refused.push({ code: 'NEGATIVE_PRICE', message: `The change would make ${negative.length} price(s) in shop ${e.shopId} negative`, field, skus: negative });
    if (tooLarge.length) refused.push({ code: 'PRICE_OUT_OF_RANGE', message: `The change would make ${tooLarge.length} price(s) in shop ${e.shopId} larger than 11 digits`, field, skus: tooLarge });
  }
  return { plans: out, refused };
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
  const shops = c.shopOverrides ? await planShopOverrides(sequelize, ids, c, t) : null;
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
    const inShops = shops?.plans.get(r.id);
    if (inShops) {
      before.shops = inShops.before;
      after.shops = inShops.after;
      if (Object.keys(inShops.before).some((shopId) => inShops.before[shopId] !== inShops.after[shopId])) changedFields.push('shops');
      skipped.push(...inShops.skipped.map((reason) => ({ field: 'shops' as const, reason })));
    }
    return { id: r.id, sku: r.sku, version: r.version, before, after, changedFields, skipped };
  });
  const fail = (code: string, message: string, skus: string[], field = 'changes.price') =>
    new CatalogError('invalid', code, `${message}: ${skus.slice(0, 10).join(', ')}${skus.length > 10 ? ` and ${skus.length - 10} more` : ''}`, {
      fields: [{ field, message }],
      skus: skus.slice(0, 100),
    });
  if (negative.length) throw fail('NEGATIVE_PRICE', `The change would make ${negative.length} price(s) negative`, negative);
  if (tooLarge.length) throw fail('PRICE_OUT_OF_RANGE', `The change would make ${tooLarge.length} price(s) larger than 11 digits`, tooLarge);
  const [refusal] = shops?.refused ?? [];
  if (refusal) throw fail(refusal.code, refusal.message, refusal.skus, refusal.field);
  return plan;
}
