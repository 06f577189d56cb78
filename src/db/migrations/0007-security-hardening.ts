import type { QueryInterface } from 'sequelize';

/**
 * Security hardening (issue #10):
 * - `refresh_tokens.successor_sealed`: a used token's successor, sealed with a key derived from the used token
 *   itself (useless without it), so two tabs refreshing at once both get the same successor within a short grace
 *   window instead of tripping reuse detection.
 * - `service_tokens.created_by_token`: the service token that minted this one, so revoking a token (or its
 *   creator leaving) revokes everything minted through it.
 * - `created_at` on job_selection, job_plan_items and job_export_rows, so the retention sweep can drop old job
 *   data (job_failures and job_undo_log already have it).
 */
export const name = '0007-security-hardening';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE refresh_tokens ADD COLUMN successor_sealed TEXT;
    ALTER TABLE service_tokens ADD COLUMN created_by_token INTEGER REFERENCES service_tokens(id) ON DELETE SET NULL;
    CREATE INDEX service_tokens_created_by ON service_tokens (created_by) WHERE revoked_at IS NULL;
    CREATE INDEX service_tokens_created_by_token ON service_tokens (created_by_token) WHERE revoked_at IS NULL;
    ALTER TABLE job_selection ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
    ALTER TABLE job_plan_items ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
    ALTER TABLE job_export_rows ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
    CREATE INDEX job_selection_created ON job_selection (created_at);
    CREATE INDEX job_plan_items_created ON job_plan_items (created_at);
    CREATE INDEX job_export_rows_created ON job_export_rows (created_at);
    CREATE INDEX job_failures_created ON job_failures (created_at);
    CREATE INDEX job_undo_log_created ON job_undo_log (created_at);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS job_undo_log_created, job_failures_created, job_export_rows_created, job_plan_items_created, job_selection_created;
    ALTER TABLE job_export_rows DROP COLUMN IF EXISTS created_at;
    ALTER TABLE job_plan_items DROP COLUMN IF EXISTS created_at;
    ALTER TABLE job_selection DROP COLUMN IF EXISTS created_at;
    DROP INDEX IF EXISTS service_tokens_created_by_token;
    DROP INDEX IF EXISTS service_tokens_created_by;
    ALTER TABLE service_tokens DROP COLUMN IF EXISTS created_by_token;
    ALTER TABLE refresh_tokens DROP COLUMN IF EXISTS successor_sealed;
  `);
}
