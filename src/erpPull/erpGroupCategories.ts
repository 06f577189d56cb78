import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { touchProducts } from '../catalog/productLookups';

/** One product of a pulled page with the ERP group it is in. */
export interface ErpGroupedProduct {
  productId: number;
  groupId: string | null;
  groupName: string | null;
}

export interface ErpGroupResult {
  categoriesCreated: number;
  categoriesRenamed: number;
  productsAssigned: number;
}

/** Field-ownership entry meaning "the ERP owns the product's category assignment". */
export const ERP_CATEGORIES_OWNERSHIP = 'categories';

const NAME_MAX = 128;
const cleanName = (name: string) => name.replace(/[<>;=#{}]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, NAME_MAX) || 'Group';

/** Nothing created, renamed or assigned. */
export function noErpGroupChanges(): ErpGroupResult {
  return { categoriesCreated: 0, categoriesRenamed: 0, productsAssigned: 0 };
}

/**
 * ERP product groups become central categories (Subiekt GT `sl_GrupaTw`, Business Central item categories; both
 * flat) under the source's parent category (`erp_sources.category_parent_id`; created on first use as a top-level
 * category named after the source). A category is linked to its group by the ERP's id, so a renamed group renames
 * its category; the user may move it anywhere afterwards (the pull never moves it back). A user category of the
 * same name under that parent is adopted rather than duplicated.
 *
 * Assignment follows field ownership: when the source's `field_ownership` lists "categories" the ERP owns it and
 * the group category replaces the product's categories; otherwise the group is only given to products that have
 * no category yet (the user owns the assignment).
 */
export async function applyErpGroups(sequelize: Sequelize, sourceId: number, defaultLanguage: string, products: ErpGroupedProduct[]): Promise<ErpGroupResult> {
  const result = noErpGroupChanges();
  const grouped = products.filter((p) => p.groupId !== null && p.groupName !== null);
  if (!grouped.length) return result;
  return sequelize.transaction(async (t) => {
    const [source] = await sequelize.query<{ name: string; field_ownership: unknown; category_parent_id: number | null }>(
      `SELECT name, field_ownership, category_parent_id FROM erp_sources WHERE id = $1 FOR UPDATE`,
      { bind: [sourceId], type: QueryTypes.SELECT, transaction: t },
    );
    if (!source) return result;
    const erpOwns = Array.isArray(source.field_ownership) && source.field_ownership.includes(ERP_CATEGORIES_OWNERSHIP);
    const parentId = source.category_parent_id ?? (await createSourceParent(sequelize, sourceId, source.name, defaultLanguage, t));

    const groups = new Map<string, string>();
    for (const p of grouped) groups.set(p.groupId!, cleanName(p.groupName!));
    const categoryOf = new Map<string, number>();
    for (const [groupId, name] of groups) {
      const linked = await sequelize.query<{ id: number; name: string; parent_id: number | null }>(
        `SELECT id, name, parent_id FROM categories WHERE erp_source_id = $1 AND erp_group_id = $2`,
        { bind: [sourceId, groupId], type: QueryTypes.SELECT, transaction: t },
      );
      if (linked[0]) {
        categoryOf.set(groupId, linked[0].id);
        if (linked[0].name !== name && !(await siblingTaken(sequelize, linked[0].parent_id, name, linked[0].id, t))) {
          await sequelize.query(`UPDATE categories SET name = $2, updated_at = now() WHERE id = $1`, { bind: [linked[0].id, name], transaction: t });
          await setDefaultName(sequelize, linked[0].id, defaultLanguage, name, t);
          result.categoriesRenamed++;
        }
        continue;
      }
      const same = await sequelize.query<{ id: number }>(
        `SELECT id FROM categories WHERE parent_id = $1 AND lower(name) = lower($2) AND erp_source_id IS NULL`,
        { bind: [parentId, name], type: QueryTypes.SELECT, transaction: t },
      );
      let id = same[0]?.id;
      if (id !== undefined) {
        await sequelize.query(`UPDATE categories SET erp_source_id = $2, erp_group_id = $3, updated_at = now() WHERE id = $1`, { bind: [id, sourceId, groupId], transaction: t });
      } else {
        const unique = (await siblingTaken(sequelize, parentId, name, null, t)) ? `${name} (${groupId})`.slice(0, NAME_MAX) : name;
        const [row] = await sequelize.query<{ id: number }>(
          `INSERT INTO categories (parent_id, name, position, erp_source_id, erp_group_id)
           SELECT $1, $2, COALESCE(max(position) + 1, 0), $3, $4 FROM categories WHERE parent_id = $1 RETURNING id`,
          { bind: [parentId, unique, sourceId, groupId], type: QueryTypes.SELECT, transaction: t },
        );
        id = row.id;
        await setDefaultName(sequelize, id, defaultLanguage, unique, t);
        result.categoriesCreated++;
      }
      categoryOf.set(groupId, id);
    }

    const pairs = grouped.map((p) => ({ productId: p.productId, categoryId: categoryOf.get(p.groupId!)! }));
    const productIds = pairs.map((p) => p.productId);
    const categoryIds = pairs.map((p) => p.categoryId);
    if (erpOwns) {
      // Only products whose assignment differs are rewritten (so an unchanged group is no change for the push).
      const changed = await sequelize.query<{ product_id: number }>(
        `SELECT x.p AS product_id FROM unnest($1::int[], $2::int[]) AS x(p, c)
          WHERE NOT EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = x.p AND pc.category_id = x.c AND pc.is_primary)
             OR EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = x.p AND pc.category_id <> x.c)`,
        { bind: [productIds, categoryIds], type: QueryTypes.SELECT, transaction: t },
      );
      const ids = changed.map((c) => c.product_id);
      if (ids.length) {
        await sequelize.query(`DELETE FROM product_categories WHERE product_id = ANY($1::int[])`, { bind: [ids], transaction: t });
        await sequelize.query(
          `INSERT INTO product_categories (product_id, category_id, is_primary) SELECT p, c, TRUE FROM unnest($1::int[], $2::int[]) AS x(p, c) WHERE p = ANY($3::int[])`,
          { bind: [productIds, categoryIds, ids], transaction: t },
        );
        await touchProducts(sequelize, ids, t);
      }
      result.productsAssigned = ids.length;
    } else {
      const inserted = await sequelize.query<{ product_id: number }>(
        `INSERT INTO product_categories (product_id, category_id, is_primary)
           SELECT p, c, TRUE FROM unnest($1::int[], $2::int[]) AS x(p, c)
            WHERE NOT EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = x.p)
         ON CONFLICT DO NOTHING RETURNING product_id`,
        { bind: [productIds, categoryIds], type: QueryTypes.SELECT, transaction: t },
      );
      result.productsAssigned = inserted.length;
    }
    return result;
  });
}

async function createSourceParent(sequelize: Sequelize, sourceId: number, sourceName: string, defaultLanguage: string, t: Transaction): Promise<number> {
  const name = cleanName(sourceName);
  const existing = await sequelize.query<{ id: number }>(`SELECT id FROM categories WHERE parent_id IS NULL AND lower(name) = lower($1)`, { bind: [name], type: QueryTypes.SELECT, transaction: t });
  let id = existing[0]?.id;
  if (id === undefined) {
    const [row] = await sequelize.query<{ id: number }>(
      `INSERT INTO categories (parent_id, name, position) SELECT NULL, $1, COALESCE(max(position) + 1, 0) FROM categories WHERE parent_id IS NULL RETURNING id`,
      { bind: [name], type: QueryTypes.SELECT, transaction: t },
    );
    id = row.id;
    await setDefaultName(sequelize, id, defaultLanguage, name, t);
  }
  await sequelize.query(`UPDATE erp_sources SET category_parent_id = $2 WHERE id = $1`, { bind: [sourceId, id], transaction: t });
  return id;
}

async function siblingTaken(sequelize: Sequelize, parentId: number | null, name: string, exceptId: number | null, t: Transaction): Promise<boolean> {
  const rows = await sequelize.query(`SELECT 1 FROM categories WHERE parent_id IS NOT DISTINCT FROM $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3`, {
    bind: [parentId, name, exceptId],
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows.length > 0;
}

async function setDefaultName(sequelize: Sequelize, id: number, lang: string, name: string, t: Transaction): Promise<void> {
  await sequelize.query(`INSERT INTO category_names (category_id, lang, name) VALUES ($1, $2, $3) ON CONFLICT (category_id, lang) DO UPDATE SET name = EXCLUDED.name`, { bind: [id, lang, name], transaction: t });
}
