import { QueryTypes, type Sequelize } from 'sequelize';
import { ProductList, type ProductListQuery } from './productList';
import type { ProductView } from './productRow';

/** Which products: the list's filters and sort, without paging. */
export type ProductFilter = Omit<ProductListQuery, 'pageSize' | 'page' | 'cursor' | 'countTotal'>;

/** A product as a whole-catalogue walk yields it: the list's view plus its category ids (primary first). */
export type WalkedProduct = ProductView & { categoryIds: number[] };

/**
 * Every product matching the list's filters, in the list's order, page by page over its keyset cursor (stable
 * while rows change; no totals counted). The export streams it; the mass edit resolves a filter with it.
 */
export async function* filteredProducts(sequelize: Sequelize, cursorSecret: string, filter: ProductFilter, pageSize = 500): AsyncGenerator<WalkedProduct[]> {
  const list = new ProductList(sequelize, cursorSecret);
  let cursor: string | undefined;
  do {
    const page = await list.list({ ...filter, pageSize, cursor, countTotal: false });
    if (page.items.length) {
      const cats = await sequelize.query<{ product_id: number; ids: number[] }>(
        `SELECT product_id, array_agg(category_id ORDER BY is_primary DESC, category_id) AS ids FROM product_categories WHERE product_id = ANY($1::int[]) GROUP BY product_id`,
        { bind: [page.items.map((p) => p.id)], type: QueryTypes.SELECT },
      );
      const byProduct = new Map(cats.map((c) => [c.product_id, c.ids]));
      yield page.items.map((p) => ({ ...p, categoryIds: byProduct.get(p.id) ?? [] }));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
