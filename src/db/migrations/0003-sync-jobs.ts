import type { QueryInterface } from 'sequelize';

/**
 * Sync jobs (issue 5): each job's ordered product selection, per-item failures, preview plans, the undo log
 * for bulk compensation, export rows, and the cross-worker per-shop limiter (token bucket + write leases).
 * Job ids are Temporal workflow ids.
 */
export const name = '0003-sync-jobs';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE job_selection (
      job_id     VARCHAR(255) NOT NULL,
      seq        INTEGER NOT NULL,
      product_id INTEGER NOT NULL,
      PRIMARY KEY (job_id, seq)
    );

    CREATE TABLE job_failures (
      id         BIGSERIAL PRIMARY KEY,
      job_id     VARCHAR(255) NOT NULL,
      product_id INTEGER,
      shop_id    INTEGER,
      action     VARCHAR(16) NOT NULL,
      code       VARCHAR(64) NOT NULL,
      message    TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX job_failures_job ON job_failures (job_id, id);

    CREATE TABLE job_plan_items (
      job_id       VARCHAR(255) NOT NULL,
      shop_id      INTEGER NOT NULL,
      product_id   INTEGER NOT NULL,
      seq          INTEGER NOT NULL,
      action       VARCHAR(16) NOT NULL CHECK (action IN ('create','update','delete','skip')),
      remote_id    INTEGER,
      changes      JSONB NOT NULL DEFAULT '[]'::jsonb,
      payload      JSONB,
      payload_hash CHAR(64),
      applied_at   TIMESTAMPTZ,
      PRIMARY KEY (job_id, shop_id, product_id)
    );
    CREATE INDEX job_plan_items_seq ON job_plan_items (job_id, shop_id, seq);

    CREATE TABLE job_undo_log (
      job_id       VARCHAR(255) NOT NULL,
      shop_id      INTEGER NOT NULL,
      product_id   INTEGER NOT NULL,
      id           BIGSERIAL,
      kind         VARCHAR(16) NOT NULL CHECK (kind IN ('delete','restore','recreate')),
      reference    VARCHAR(64) NOT NULL,
      remote_id    INTEGER,
      before_image JSONB,
      prev_ledger  JSONB,
      state        VARCHAR(16) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','failed')),
      created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (job_id, shop_id, product_id)
    );
    CREATE INDEX job_undo_log_order ON job_undo_log (job_id, shop_id, id DESC);

    CREATE TABLE job_export_rows (
      job_id VARCHAR(255) NOT NULL,
      seq    INTEGER NOT NULL,
      row    JSONB NOT NULL,
      PRIMARY KEY (job_id, seq)
    );

    CREATE TABLE shop_rate_buckets (
      shop_id     INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
      tokens      DOUBLE PRECISION NOT NULL,
      refilled_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
    );

    CREATE TABLE shop_write_leases (
      shop_id     INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
      slot        INTEGER NOT NULL,
      holder      VARCHAR(400) NOT NULL,
      lease_until TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (shop_id, slot)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS shop_write_leases, shop_rate_buckets, job_export_rows, job_undo_log, job_plan_items,
      job_failures, job_selection CASCADE;
  `);
}
