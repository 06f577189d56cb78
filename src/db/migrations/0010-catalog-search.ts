import type { QueryInterface } from 'sequelize';

/**
 * Catalogue search and listing (issue #13):
 * - `unaccent` + `pg_trgm` (both trusted extensions: the database owner may create them; the embedded
 *   PostgreSQL of `ppm start` ships both) and `ppm_fold(text)`: lower case without diacritics
 *   ("Żółty" → "zolty"), declared IMMUTABLE with the dictionary named explicitly, so it can feed an index.
 * - `products.search_doc`: SKU, EAN, name, short description and description folded into one text, kept by
 *   PostgreSQL itself (stored generated column) and indexed with a trigram GIN index, so a substring search
 *   ("mlot" in "Młotek") is an index lookup, not a scan.
 * - keyset indexes for every list sort: (key, id), so a page after a cursor is an index range scan.
 * - `sync_state_shop_product`: sync-state filters walk one shop's ledger.
 */
export const name = '0010-catalog-search';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    CREATE OR REPLACE FUNCTION ppm_fold(t text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;
    ALTER TABLE products ADD COLUMN search_doc text GENERATED ALWAYS AS (
      ppm_fold(sku || ' ' || coalesce(ean, '') || ' ' || name || ' ' || coalesce(short_description, '') || ' ' || coalesce(description, ''))
    ) STORED;
    CREATE INDEX products_search_trgm ON products USING gin (search_doc gin_trgm_ops);
    CREATE INDEX products_list_name ON products (name, id);
    CREATE INDEX products_list_price ON products ((coalesce(price_net, 'NaN'::numeric)), id);
    CREATE INDEX products_list_created ON products (created_at, id);
    CREATE INDEX products_list_updated ON products (updated_at, id);
    CREATE INDEX products_erp_source ON products (erp_source_id);
    CREATE INDEX sync_state_shop_product ON sync_state (shop_id, product_id);
    CREATE INDEX product_shop_data_shop ON product_shop_data (shop_id, product_id);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS product_shop_data_shop, sync_state_shop_product, products_erp_source, products_list_updated,
      products_list_created, products_list_price, products_list_name, products_search_trgm;
    ALTER TABLE products DROP COLUMN IF EXISTS search_doc;
    DROP FUNCTION IF EXISTS ppm_fold(text);
  `);
}
