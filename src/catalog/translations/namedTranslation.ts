import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * SQL: the product `product` (an SQL expression) has a translation in language `lang` (an SQL expression) — a row
 * with a non-blank name. The one rule of "has a translation": shops refusing to publish without one
 * (src/shopPush/translations/missingTranslations.ts, through `missingNamedTranslations`) and the catalogue report's gaps (catalogueGaps.ts) use it; the partial index
 * `product_translations_named` (migration 0023) has the same predicate.
 */
export const namedTranslationExists = (product: string, lang: string): string =>
  `EXISTS (SELECT 1 FROM product_translations t WHERE t.product_id = ${product} AND t.lang = ${lang} AND btrim(t.name) <> '')`;

/**
 * For each of `productIds` that exists, the languages among `languages` it has no translation in (by
 * `namedTranslationExists`; an empty list when it has them all), in one statement.
 */
export async function missingNamedTranslations(sequelize: Sequelize, productIds: number[], languages: string[]): Promise<Array<{ productId: number; missing: string[] }>> {
  return sequelize.query<{ productId: number; missing: string[] }>(
    `SELECT p.id AS "productId", array(SELECT l FROM unnest($2::text[]) l
              WHERE NOT ${namedTranslationExists('p.id', 'l')}) AS missing
       FROM products p WHERE p.id = ANY($1::int[])`,
    { bind: [productIds, languages], type: QueryTypes.SELECT },
  );
}
