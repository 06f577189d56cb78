import type { QueryInterface } from 'sequelize';

/**
 * Reports (issue #13), GET /reports/catalogue: the gaps of the active products are anti-joins that read indexes only.
 * - `products_active`: the ids of active products (the outer side of every anti-join, and the id order pages walk);
 * - `product_translations_named`: (language, product) of translations with a non-blank name — the rule of "has a
 *   translation" (src/catalog/translations/namedTranslation.ts); one language's rows are one range of it.
 * Images and categories use `product_images_product` and the primary key of `product_categories`.
 * Measured by `npx tsx bench/catalogueReportPlans.ts` (100,000 products).
 */
export const name = '0023-catalogue-report-indexes';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE INDEX products_active ON products (id) WHERE status = 'active';
    CREATE INDEX product_translations_named ON product_translations (lang, product_id) WHERE btrim(name) <> '';
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS products_active;
    DROP INDEX IF EXISTS product_translations_named;
  `);
}
