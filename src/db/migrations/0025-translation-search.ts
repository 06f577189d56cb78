import type { QueryInterface } from 'sequelize';

/**
 * Catalogue search in every language (issue #13): `product_translations_search` is an expression GIN index over the folded
 * words of each translation's name, short description and description (`simple` configuration, `ppm_fold`: the same
 * words `products.search_tsv` holds for the main texts). The product list matches a search in the product's own
 * `search_tsv` OR in any of its translations (src/catalog/productList.ts, TRANSLATION_TSV_SQL there must stay the
 * exact expression below, or the planner cannot use the index). No trigger and no stored column on `products`: its
 * audit and counter triggers are untouched, and editing a translation rewrites only its own row and index entries.
 */
export const name = '0025-translation-search';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE INDEX product_translations_search ON product_translations USING gin (
      (to_tsvector('simple'::regconfig, ppm_fold(name || ' ' || coalesce(description_short, '') || ' ' || coalesce(description, ''))))
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`DROP INDEX IF EXISTS product_translations_search;`);
}
