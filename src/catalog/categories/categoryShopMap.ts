import { QueryTypes, type Sequelize } from 'sequelize';
import { CatalogError } from '../catalogError';
import { shopExists } from '../../shops/shopLookups';

/** How one central category maps to a shop category. */
export interface CategoryMappingView {
  categoryId: number;
  path: string[];
  /** The shop's category id; null = not mapped yet (the next push finds or creates it). */
  remoteId: number | null;
  /** Pinned by an admin (the push never changes it) or found/created automatically. */
  mode: 'pinned' | 'automatic' | 'unmapped';
  /** Another central category maps to the same shop category. */
  conflictsWith: number[];
}

/**
 * Per-shop category mapping: one shop category per central category and shop. Automatic rows are written by the
 * push (found by name under the mapped parent, or created); an admin may pin a row to an existing shop category.
 */
export class CategoryShopMap {
  constructor(private readonly sequelize: Sequelize) {}

  async list(shopId: number): Promise<CategoryMappingView[]> {
    await this.shopMustExist(shopId);
    const rows = await this.sequelize.query<{ id: number; path: string[]; remote_id: number | null; pinned: boolean | null; conflicts: number[] | null }>(
      `WITH RECURSIVE walk AS (
         SELECT id, ARRAY[name]::text[] AS path FROM categories WHERE parent_id IS NULL
         UNION ALL SELECT c.id, w.path || c.name::text FROM categories c JOIN walk w ON c.parent_id = w.id)
       SELECT w.id, w.path, m.remote_id, m.pinned,
              (SELECT array_agg(o.category_id ORDER BY o.category_id) FROM category_shop_map o
                WHERE o.shop_id = $1 AND o.remote_id = m.remote_id AND o.category_id <> w.id) AS conflicts
         FROM walk w LEFT JOIN category_shop_map m ON m.category_id = w.id AND m.shop_id = $1
        ORDER BY w.path`,
      { bind: [shopId], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      categoryId: r.id,
      path: r.path,
      remoteId: r.remote_id,
      mode: r.remote_id === null ? 'unmapped' : r.pinned ? 'pinned' : 'automatic',
      conflictsWith: r.conflicts ?? [],
    }));
  }

  /** Pins `categoryId` to the shop category `remoteId` (checked in the shop by the next push). */
  async pin(categoryId: number, shopId: number, remoteId: number): Promise<void> {
    await this.shopMustExist(shopId);
    const cat = await this.sequelize.query(`SELECT 1 FROM categories WHERE id = $1`, { bind: [categoryId], type: QueryTypes.SELECT });
    if (!cat.length) throw new CatalogError('not_found', 'CATEGORY_NOT_FOUND', `No category with id ${categoryId}`);
    await this.sequelize.query(
      `INSERT INTO category_shop_map (category_id, shop_id, remote_id, pinned, updated_at) VALUES ($1, $2, $3, TRUE, now())
       ON CONFLICT (category_id, shop_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, pinned = TRUE, remote_parent_id = NULL, updated_at = now()`,
      { bind: [categoryId, shopId, remoteId] },
    );
  }

  /** Drops the mapping: the next push maps the category automatically again. */
  async unpin(categoryId: number, shopId: number): Promise<void> {
    await this.shopMustExist(shopId);
    await this.sequelize.query(`DELETE FROM category_shop_map WHERE category_id = $1 AND shop_id = $2`, { bind: [categoryId, shopId] });
  }

  private async shopMustExist(shopId: number): Promise<void> {
    if (!(await shopExists(this.sequelize, shopId))) throw new CatalogError('not_found', 'SHOP_NOT_FOUND', `No shop with id ${shopId}`);
  }
}
