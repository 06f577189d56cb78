import type { QueryInterface } from 'sequelize';

/** Core schema: users, shops, catalogue, ERP sources, the sync ledger and history. Money is NUMERIC. */
export const name = '0001-core-schema';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE users (
      id            SERIAL PRIMARY KEY,
      email         VARCHAR(320) NOT NULL UNIQUE,
      name          VARCHAR(200),
      role          VARCHAR(16) NOT NULL DEFAULT 'user' CHECK (role IN ('user','manager','admin')),
      provider      VARCHAR(32),
      provider_subject VARCHAR(255),
      active        BOOLEAN NOT NULL DEFAULT TRUE,
      last_login_at TIMESTAMPTZ,
      created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );

    CREATE TABLE shops (
      id               SERIAL PRIMARY KEY,
      name             VARCHAR(200) NOT NULL UNIQUE,
      base_url         VARCHAR(500) NOT NULL,
      ps_version       VARCHAR(16) NOT NULL DEFAULT '8',
      api_key_encrypted TEXT NOT NULL,
      api_key_hint     VARCHAR(16) NOT NULL,
      language_map     JSONB NOT NULL DEFAULT '{}'::jsonb,
      tax_rules_map    JSONB NOT NULL DEFAULT '{}'::jsonb,
      max_concurrency  INTEGER NOT NULL DEFAULT 4 CHECK (max_concurrency BETWEEN 1 AND 64),
      max_requests_per_second NUMERIC(8,2) NOT NULL DEFAULT 5 CHECK (max_requests_per_second > 0),
      active           BOOLEAN NOT NULL DEFAULT TRUE,
      created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
    );

    CREATE TABLE erp_sources (
      id                 SERIAL PRIMARY KEY,
      name               VARCHAR(200) NOT NULL UNIQUE,
      kind               VARCHAR(16) NOT NULL CHECK (kind IN ('subiekt','dynamics')),
      settings           JSONB NOT NULL DEFAULT '{}'::jsonb,
      credentials_encrypted TEXT,
      credentials_hint   VARCHAR(32),
      field_ownership    JSONB NOT NULL DEFAULT '["priceNet","vatRate","ean","stock"]'::jsonb,
      active             BOOLEAN NOT NULL DEFAULT TRUE,
      last_pull_at       TIMESTAMPTZ,
      created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
    );

    CREATE TABLE products (
      id                SERIAL PRIMARY KEY,
      sku               VARCHAR(64) NOT NULL UNIQUE,
      name              VARCHAR(255) NOT NULL,
      description       TEXT,
      short_description TEXT,
      ean               VARCHAR(32),
      unit              VARCHAR(16),
      price_net         NUMERIC(15,4),
      vat_rate          NUMERIC(5,2),
      currency          CHAR(3) NOT NULL DEFAULT 'PLN',
      weight_kg         NUMERIC(12,4),
      stock             NUMERIC(15,4) NOT NULL DEFAULT 0,
      status            VARCHAR(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive','archived')),
      erp_source_id     INTEGER REFERENCES erp_sources(id) ON DELETE SET NULL,
      erp_external_id   VARCHAR(64),
      erp_content_hash  CHAR(64),
      created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX products_erp_ref ON products (erp_source_id, erp_external_id) WHERE erp_source_id IS NOT NULL;
    CREATE INDEX products_status ON products (status);

    CREATE TABLE product_shop_data (
      id                SERIAL PRIMARY KEY,
      product_id        INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      shop_id           INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
      name              VARCHAR(255),
      description       TEXT,
      short_description TEXT,
      price_net         NUMERIC(15,4),
      active            BOOLEAN,
      created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
      UNIQUE (product_id, shop_id)
    );

    CREATE TABLE categories (
      id         SERIAL PRIMARY KEY,
      parent_id  INTEGER REFERENCES categories(id) ON DELETE CASCADE,
      name       VARCHAR(255) NOT NULL,
      position   INTEGER NOT NULL DEFAULT 0,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX categories_name_in_parent ON categories (COALESCE(parent_id, 0), lower(name));

    CREATE TABLE category_shop_map (
      category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
      shop_id     INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
      remote_id   INTEGER NOT NULL,
      PRIMARY KEY (category_id, shop_id)
    );

    CREATE TABLE product_categories (
      product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
      is_primary  BOOLEAN NOT NULL DEFAULT FALSE,
      PRIMARY KEY (product_id, category_id)
    );

    CREATE TABLE product_images (
      id            SERIAL PRIMARY KEY,
      product_id    INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      position      INTEGER NOT NULL DEFAULT 0,
      is_main       BOOLEAN NOT NULL DEFAULT FALSE,
      content_type  VARCHAR(64) NOT NULL,
      data          BYTEA,
      source_url    VARCHAR(1000),
      sha256        CHAR(64) NOT NULL,
      erp_picture_id VARCHAR(64),
      erp_change_token VARCHAR(64),
      created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX product_images_product ON product_images (product_id);

    CREATE TABLE sync_state (
      product_id          INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      shop_id             INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
      remote_id           INTEGER,
      payload_hash        CHAR(64),
      last_pushed_at      TIMESTAMPTZ,
      last_error_code     VARCHAR(64),
      last_error_message  TEXT,
      last_error_at       TIMESTAMPTZ,
      compensation_failed BOOLEAN NOT NULL DEFAULT FALSE,
      updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (product_id, shop_id)
    );
    CREATE INDEX sync_state_flagged ON sync_state (shop_id) WHERE compensation_failed;

    CREATE TABLE sync_history (
      id          BIGSERIAL PRIMARY KEY,
      job_id      VARCHAR(255) NOT NULL,
      run_id      VARCHAR(64),
      product_id  INTEGER REFERENCES products(id) ON DELETE SET NULL,
      shop_id     INTEGER REFERENCES shops(id) ON DELETE SET NULL,
      action      VARCHAR(16) NOT NULL CHECK (action IN ('create','update','delete','skip','compensate','export','pull')),
      outcome     VARCHAR(16) NOT NULL CHECK (outcome IN ('success','failed','skipped')),
      error_code  VARCHAR(64),
      message     TEXT,
      details     JSONB,
      created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX sync_history_job ON sync_history (job_id);
    CREATE INDEX sync_history_product ON sync_history (product_id, created_at DESC);

    CREATE TABLE audit_log (
      id         BIGSERIAL PRIMARY KEY,
      user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
      action     VARCHAR(64) NOT NULL,
      target     VARCHAR(255),
      details    JSONB,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS audit_log, sync_history, sync_state, product_images, product_categories,
      category_shop_map, categories, product_shop_data, products, erp_sources, shops, users CASCADE;
  `);
}
