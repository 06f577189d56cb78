/**
 * SQL: the product `product` (an SQL expression) has a translation in language `lang` (an SQL expression) — a row
 * with a non-blank name. The one rule of "has a translation": shops refusing to publish without one
 * (src/shopPush/translations/missingTranslations.ts) and the catalogue report use it; the partial index
 * `product_translations_named` (migration 0023) has the same predicate.
 */
export const namedTranslationExists = (product: string, lang: string): string =>
  `EXISTS (SELECT 1 FROM product_translations t WHERE t.product_id = ${product} AND t.lang = ${lang} AND btrim(t.name) <> '')`;
