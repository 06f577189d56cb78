import { QueryTypes, type Sequelize } from 'sequelize';
import { CatalogError } from '../catalogError';
import { lockProductForWrite, type WritePrecondition } from '../productWriteLock';

export interface ProductCategoriesView {
  categoryIds: number[];
  defaultCategoryId: number | null;
}

/** A product's categories (many) and its default one, replaced as a whole. */
export class ProductCategories {
  constructor(private readonly sequelize: Sequelize) {}

  async get(productId: number): Promise<ProductCategoriesView> {
    const rows = await this.sequelize.query<{ category_id: number; is_primary: boolean }>(
      `SELECT category_id, is_primary FROM product_categories WHERE product_id = $1 ORDER BY is_primary DESC, category_id`,
      { bind: [productId], type: QueryTypes.SELECT },
    );
    return { categoryIds: rows.map((r) => r.category_id), defaultCategoryId: rows.find((r) => r.is_primary)?.category_id ?? null };
  }

  /** Replaces the set. The default must be one of them (the first when not given). Unknown ids: 422, nothing written. */
  async set(productId: number, categoryIds: number[], defaultCategoryId?: number, precondition?: WritePrecondition): Promise<ProductCategoriesView> {
    const unique = [...new Set(categoryIds)];
    const primary = defaultCategoryId ?? unique[0] ?? null;
    if (primary !== null && !unique.includes(primary)) {
      throw new CatalogError('invalid', 'DEFAULT_CATEGORY_NOT_IN_LIST', `defaultCategoryId ${primary} is not one of categoryIds`, { field: 'defaultCategoryId' });
    }
    await this.sequelize.transaction(async (t) => {
      await lockProductForWrite(this.sequelize, productId, t, precondition);
      const found = await this.sequelize.query<{ id: number }>(`SELECT id FROM categories WHERE id = ANY($1::int[])`, { bind: [unique], type: QueryTypes.SELECT, transaction: t });
      const missing = unique.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw new CatalogError('invalid', 'UNKNOWN_CATEGORY', `No category with id ${missing.join(', ')}`, { field: 'categoryIds', missing });
      await this.sequelize.query(`DELETE FROM product_categories WHERE product_id = $1`, { bind: [productId], transaction: t });
      if (unique.length) {
        await this.sequelize.query(`INSERT INTO product_categories (product_id, category_id, is_primary) SELECT $1, c, c = $2 FROM unnest($3::int[]) AS c`, {
          bind: [productId, primary, unique],
          transaction: t,
        });
      }
      await this.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [productId], transaction: t });
    });
    return this.get(productId);
  }
}
