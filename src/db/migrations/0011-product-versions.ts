import type { QueryInterface } from 'sequelize';

/**
 * Optimistic concurrency for products (issue #13): `products.version` starts at 1 and a trigger adds one on
 * every UPDATE of the row, whoever writes it (API, ERP pull, import, bulk edits), so the API's ETag
 * (`"p<id>v<version>"`) changes with every change and a write with a stale `If-Match` is refused (412).
 */
export const name = '0011-product-versions';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE products ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE OR REPLACE FUNCTION ppm_products_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END $$;
    CREATE TRIGGER products_bump_version BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION ppm_products_bump_version();
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS products_bump_version ON products;
    DROP FUNCTION IF EXISTS ppm_products_bump_version();
    ALTER TABLE products DROP COLUMN IF EXISTS version;
  `);
}
