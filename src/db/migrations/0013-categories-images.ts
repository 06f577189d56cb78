import type { QueryInterface } from 'sequelize';

/**
 * Complete product pages (issue #12):
 * - categories: per-language names (`category_names`), an ERP link (`erp_source_id`, `erp_group_id`: the ERP's own
 *   group id, so a renamed group renames its category instead of making a new one);
 * - per-shop category mapping (`category_shop_map`): `pinned` (set by an admin, never changed by the push) and
 *   `remote_parent_id` (where an automatic mapping was found or created);
 * - per-language product texts (`product_translations`); a shop language without a row falls back to the
 *   catalogue's default language or refuses to publish (`shops.missing_translation`);
 * - `shops.root_category_id`: the shop category top-level central categories are mapped under (PrestaShop's "Home");
 * - images: bytes stay content-addressed in PostgreSQL (`product_images.data` + `sha256`, backed up with the
 *   database, identical under `ppm start`, tests and docker-compose), alt text per language (`alt`), width/height;
 * - `shop_image_ledger`: product × shop × content hash → remote image id (idempotent, delta-based image pushes);
 * - `erp_sources.category_parent_id`: the central category an ERP source's groups are placed under.
 */
export const name = '0013-categories-images';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE categories
      ADD COLUMN erp_source_id INTEGER REFERENCES erp_sources(id) ON DELETE SET NULL,
      ADD COLUMN erp_group_id  VARCHAR(64);
    CREATE UNIQUE INDEX categories_erp_group ON categories (erp_source_id, erp_group_id) WHERE erp_source_id IS NOT NULL;
    CREATE INDEX categories_parent ON categories (parent_id);
    ALTER TABLE categories DROP CONSTRAINT categories_parent_id_fkey;
    ALTER TABLE categories ADD CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE RESTRICT;

    CREATE TABLE category_names (
      category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
      lang        VARCHAR(8) NOT NULL,
      name        VARCHAR(128) NOT NULL,
      PRIMARY KEY (category_id, lang)
    );

    ALTER TABLE category_shop_map
      ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE,
      ADD COLUMN remote_parent_id INTEGER,
      ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

    CREATE UNIQUE INDEX product_categories_one_primary ON product_categories (product_id) WHERE is_primary;
    CREATE INDEX product_categories_category ON product_categories (category_id);

    CREATE TABLE product_translations (
      product_id        INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      lang              VARCHAR(8) NOT NULL,
      name              VARCHAR(128) NOT NULL,
      description       TEXT,
      description_short TEXT,
      meta_title        VARCHAR(255),
      meta_description  VARCHAR(512),
      link_rewrite      VARCHAR(128),
      updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (product_id, lang)
    );

    ALTER TABLE shops
      ADD COLUMN missing_translation VARCHAR(8) NOT NULL DEFAULT 'fallback' CHECK (missing_translation IN ('fallback','refuse')),
      ADD COLUMN root_category_id INTEGER NOT NULL DEFAULT 2 CHECK (root_category_id > 0);

    ALTER TABLE erp_sources ADD COLUMN category_parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL;

    ALTER TABLE product_images
      ADD COLUMN alt JSONB NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN width INTEGER,
      ADD COLUMN height INTEGER,
      ADD COLUMN byte_size INTEGER;
    CREATE INDEX product_images_sha ON product_images (sha256);

    CREATE TABLE shop_image_ledger (
      product_id      INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      shop_id         INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
      sha256          CHAR(64) NOT NULL,
      remote_image_id INTEGER NOT NULL,
      legend_hash     CHAR(64),
      updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (product_id, shop_id, sha256)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS shop_image_ledger, product_translations, category_names;
    DROP INDEX IF EXISTS product_images_sha, product_categories_one_primary, product_categories_category, categories_erp_group, categories_parent;
    ALTER TABLE product_images DROP COLUMN IF EXISTS alt, DROP COLUMN IF EXISTS width, DROP COLUMN IF EXISTS height, DROP COLUMN IF EXISTS byte_size;
    ALTER TABLE erp_sources DROP COLUMN IF EXISTS category_parent_id;
    ALTER TABLE shops DROP COLUMN IF EXISTS missing_translation, DROP COLUMN IF EXISTS root_category_id;
    ALTER TABLE category_shop_map DROP COLUMN IF EXISTS pinned, DROP COLUMN IF EXISTS remote_parent_id, DROP COLUMN IF EXISTS updated_at;
    ALTER TABLE categories DROP CONSTRAINT categories_parent_id_fkey;
    ALTER TABLE categories ADD CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE CASCADE;
    ALTER TABLE categories DROP COLUMN IF EXISTS erp_source_id, DROP COLUMN IF EXISTS erp_group_id;
  `);
}
