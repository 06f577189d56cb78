import { QueryTypes, type Sequelize } from 'sequelize';
import { namedTranslationExists } from './translations/namedTranslation';

/**
 * The gaps, as anti-joins of the active products (partial index `products_active`, migration 0023) on indexed
 * foreign keys: images by `product_images_product`, categories by the primary key of `product_categories`,
 * translations by `product_translations_named` (language, product). Each count reads indexes only; each page walks
 * `products_active` from `afterId` and stops after `limit` hits.
 */
export const GAP_SQL: Record<'images' | 'category' | 'translation', GapPredicate> = {
  images: () => `NOT EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = p.id)`,
  category: () => `NOT EXISTS (SELECT 1 FROM product_categories c WHERE c.product_id = p.id)`,
  translation: (langParam) => `NOT ${namedTranslationExists('p.id', langParam)}`,
};
/** A gap's condition on product `p`, given the bind parameter holding the language (translation gaps only). */
export type GapPredicate = (langParam: string) => string;

/** The count of active products with a gap (bind $1: the language of a translation gap). */
export const gapCountSql = (gap: GapPredicate) => `SELECT count(*)::int AS n FROM products p WHERE p.status = 'active' AND ${gap('$1')}`;
/** A page of them (bind $1 afterId, $2 limit + 1, $3 the language of a translation gap). */
export const gapPageSql = (gap: GapPredicate) =>
  `SELECT p.id, p.sku, p.name FROM products p WHERE p.status = 'active' AND p.id > $1 AND ${gap('$3')} ORDER BY p.id LIMIT $2`;

export interface CataloguePage {
  afterId: number;
  limit: number;
}

/** One gap of the active products: how many have it, and one page of them (from `page.afterId`, ordered by id). */
export interface ProductGapPage {
  count: number;
  products: Array<{ id: number; sku: string; name: string }>;
  nextAfterId: number | null;
}

/** The count and a page of the active products with gap `predicate` (`lang`: the language of a translation gap). */
export async function activeProductsWithGap(sequelize: Sequelize, predicate: GapPredicate, page: CataloguePage, lang?: string): Promise<ProductGapPage> {
  const [[{ n }], rows] = await Promise.all([
    sequelize.query<{ n: number }>(gapCountSql(predicate), { bind: lang ? [lang] : [], type: QueryTypes.SELECT }),
    sequelize.query<{ id: number; sku: string; name: string }>(gapPageSql(predicate), { bind: lang ? [page.afterId, page.limit + 1, lang] : [page.afterId, page.limit + 1], type: QueryTypes.SELECT }),
  ]);
  const products = rows.slice(0, page.limit);
  return { count: n, products, nextAfterId: page.limit > 0 && rows.length > page.limit ? products[products.length - 1].id : null };
}
