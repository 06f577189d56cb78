import type { QueryInterface } from 'sequelize';

/**
 * Catalogue search and listing (issue #13):
 * - `unaccent` + `pg_trgm` (both trusted extensions: the database owner may create them; the embedded
 *   PostgreSQL of `ppm start` ships both) and `ppm_fold(text)`: lower case without diacritics
 *   ("Żółty" → "zolty"), declared IMMUTABLE with the dictionary named explicitly, so it can feed an index.
 * - `products.search_tsv`: the words of SKU, EAN, name, short description and description, folded, kept by
 *   PostgreSQL itself (stored generated column, `simple` configuration: no stemming, every language alike) and
 *   GIN-indexed; `ppm_prefix_query(text)` turns what a user typed into "every word as a prefix" ("zolty mlot"
 *   → 'zolty':* & 'mlot':*), safely (words are quoted lexemes, never tsquery syntax). Word prefixes rather than
 *   trigram substrings: on 100,000 products a two-word trigram lookup read ~8 ms of posting lists, the
 *   prefix lookup ~2.5 ms. pg_trgm ranks the matches (word_similarity with the name).
 * - `products_sku_prefix`: a search that is the start of a SKU ("B-00012") finds it even across the SKU's
 *   punctuation.
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
    CREATE OR REPLACE FUNCTION ppm_prefix_query(q text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT coalesce(string_agg(quote_literal(lexeme) || ':*', ' & '), '')::tsquery
              FROM unnest(to_tsvector('simple'::regconfig, ppm_fold(q))) $$;
    ALTER TABLE products ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
      to_tsvector('simple'::regconfig, ppm_fold(sku || ' ' || coalesce(ean, '') || ' ' || name || ' ' || coalesce(short_description, '') || ' ' || coalesce(description, '')))
    ) STORED;
    CREATE INDEX products_search_tsv ON products USING gin (search_tsv);
    CREATE INDEX products_sku_prefix ON products (lower(sku) text_pattern_ops);
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
      products_list_created, products_list_price, products_list_name, products_sku_prefix, products_search_tsv;
    ALTER TABLE products DROP COLUMN IF EXISTS search_tsv;
    DROP FUNCTION IF EXISTS ppm_prefix_query(text);
    DROP FUNCTION IF EXISTS ppm_fold(text);
  `);
}
