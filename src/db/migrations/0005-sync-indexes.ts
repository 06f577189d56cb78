import type { QueryInterface } from 'sequelize';

/**
 * Indexes for the sync paths that otherwise degrade with job size:
 * - `job_undo_log_pending`: compensation pages through the pending steps of a shop newest first
 *   (`state = 'pending' ORDER BY id DESC LIMIT n`) while marking them done; with only
 *   `job_undo_log_order` every page re-walked all the steps already done (quadratic in the job size).
 * - `sync_history_job_item`: "which items of this batch have no outcome yet" (failUnprocessedItems) probes
 *   the history per (job, shop, product) instead of reading the whole job's history.
 */
export const name = '0005-sync-indexes';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE INDEX IF NOT EXISTS job_undo_log_pending ON job_undo_log (job_id, shop_id, id DESC) WHERE state = 'pending';
    CREATE INDEX IF NOT EXISTS sync_history_job_item ON sync_history (job_id, shop_id, product_id);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`DROP INDEX IF EXISTS sync_history_job_item; DROP INDEX IF EXISTS job_undo_log_pending;`);
}
