import type { QueryInterface } from 'sequelize';

/**
 * Reports (issue #13), GET /reports/shops: failures by code over 7 days read a range of the failed pushes only
 * (`sync_history_failed_recent`, with the shop and code in the index), and each shop's last successful push is the
 * first entry of `sync_history_shop_pushed` — neither scans the whole history.
 */
export const name = '0021-report-indexes';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE INDEX sync_history_failed_recent ON sync_history (created_at) INCLUDE (shop_id, error_code) WHERE outcome = 'failed';
    CREATE INDEX sync_history_shop_pushed ON sync_history (shop_id, created_at) WHERE outcome = 'success' AND action IN ('create', 'update');
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS sync_history_failed_recent;
    DROP INDEX IF EXISTS sync_history_shop_pushed;
  `);
}
