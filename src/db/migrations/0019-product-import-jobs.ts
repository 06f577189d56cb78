import type { QueryInterface } from 'sequelize';

/**
 * Large product imports run as jobs (issue #13): the file's rows are stored here when the job starts (never in the
 * workflow's history), and each row's report is written beside it as its chunk is imported, so the report of a
 * finished job can be paged. Rows go with their job (ON DELETE CASCADE); the retention sweep removes old jobs.
 */
export const name = '0019-product-import-jobs';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE product_import_jobs (
      job_id      VARCHAR(255) PRIMARY KEY,
      principal   VARCHAR(80) NOT NULL,
      actor       JSONB NOT NULL,
      format      VARCHAR(8) NOT NULL,
      encoding    VARCHAR(20),
      delimiter   VARCHAR(4),
      dry_run     BOOLEAN NOT NULL,
      total_rows  INTEGER NOT NULL,
      created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX product_import_jobs_created ON product_import_jobs (created_at);
    CREATE TABLE product_import_rows (
      job_id   VARCHAR(255) NOT NULL REFERENCES product_import_jobs (job_id) ON DELETE CASCADE,
      row      INTEGER NOT NULL,
      line     INTEGER,
      sku      VARCHAR(255),
      values   JSONB NOT NULL,
      outcome  VARCHAR(10),
      report   JSONB,
      PRIMARY KEY (job_id, row)
    );
    CREATE INDEX product_import_rows_sku ON product_import_rows (job_id, sku, row);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`DROP TABLE IF EXISTS product_import_rows; DROP TABLE IF EXISTS product_import_jobs;`);
}
