import type { QueryInterface } from 'sequelize';

/**
 * Mass edit (issue #13): a preview is stored with the exact products it selected and their versions; the
 * confirm token (kept only as its SHA-256) applies it once, and is refused when any of them changed since.
 * The retention sweep removes old previews and audit rows older than PRODUCT_CHANGES_RETENTION_DAYS; the
 * created_at indexes let it find them without scanning.
 */
export const name = '0014-mass-edit-previews';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE mass_edit_previews (
      id           BIGSERIAL PRIMARY KEY,
      token_sha256 BYTEA NOT NULL UNIQUE,
      principal    VARCHAR(80) NOT NULL,
      changes      JSONB NOT NULL,
      product_ids  INTEGER[] NOT NULL,
      versions     INTEGER[] NOT NULL,
      created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
      expires_at   TIMESTAMPTZ NOT NULL,
      applied_at   TIMESTAMPTZ
    );
    CREATE INDEX mass_edit_previews_created ON mass_edit_previews (created_at);
    CREATE INDEX product_changes_created ON product_changes (created_at);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS product_changes_created;
    DROP TABLE IF EXISTS mass_edit_previews;
  `);
}
