import type { QueryInterface } from 'sequelize';

/**
 * Image pushes (issue 12):
 * - `shop_image_ledger` becomes the image ledger of the push: per product × shop × content hash the remote image id,
 *   the remote product it belongs to (a product created again in the shop starts a fresh set), its position among
 *   our images and whether it is the cover; `state = 'pending'` is an upload's intent, written before the call, so a
 *   retry reconciles by listing the product's images instead of uploading a duplicate;
 * - `job_image_undo`: per job × shop × product the image set before the job first touched it (compensation puts it back);
 * - `job_image_bytes`: originals of shop images a compensable job deleted (re-uploaded by compensation);
 * - `job_created_categories`: shop categories a job created (intent first, remote id after), deleted by compensation.
 * The three job tables are swept with the other job data (JOB_RETENTION_DAYS).
 */
export const name = '0015-image-ledger';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE shop_image_ledger
      ALTER COLUMN remote_image_id DROP NOT NULL,
      ADD COLUMN remote_product_id INTEGER,
      ADD COLUMN position INTEGER NOT NULL DEFAULT 0,
      ADD COLUMN cover BOOLEAN NOT NULL DEFAULT FALSE,
      ADD COLUMN state VARCHAR(8) NOT NULL DEFAULT 'done' CHECK (state IN ('pending','done'));

    CREATE TABLE job_image_undo (
      id                BIGSERIAL PRIMARY KEY,
      job_id            VARCHAR(255) NOT NULL,
      shop_id           INTEGER NOT NULL,
      product_id        INTEGER NOT NULL,
      remote_product_id INTEGER NOT NULL,
      before            JSONB NOT NULL,
      state             VARCHAR(8) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','failed')),
      created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
      UNIQUE (job_id, shop_id, product_id)
    );

    CREATE TABLE job_image_bytes (
      job_id       VARCHAR(255) NOT NULL,
      shop_id      INTEGER NOT NULL,
      product_id   INTEGER NOT NULL,
      sha256       CHAR(64) NOT NULL,
      content_type VARCHAR(64) NOT NULL,
      data         BYTEA NOT NULL,
      created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (job_id, shop_id, product_id, sha256)
    );

    CREATE TABLE job_created_categories (
      id                 BIGSERIAL PRIMARY KEY,
      job_id             VARCHAR(255) NOT NULL,
      shop_id            INTEGER NOT NULL,
      category_id        INTEGER NOT NULL,
      remote_category_id INTEGER,
      state              VARCHAR(8) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','failed')),
      created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
      UNIQUE (job_id, shop_id, category_id)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS job_created_categories, job_image_bytes, job_image_undo;
    DELETE FROM shop_image_ledger WHERE remote_image_id IS NULL;
    ALTER TABLE shop_image_ledger DROP COLUMN state, DROP COLUMN cover, DROP COLUMN position, DROP COLUMN remote_product_id,
      ALTER COLUMN remote_image_id SET NOT NULL;
  `);
}
