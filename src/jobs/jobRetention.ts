import type { Sequelize } from 'sequelize';

/** Job-scoped tables swept by age (every row carries created_at). */
const JOB_TABLES = ['job_selection', 'job_plan_items', 'job_export_rows', 'job_failures', 'job_undo_log', 'job_image_undo', 'job_image_bytes', 'job_created_categories'] as const;
const BATCH = 10_000;

export type RetentionReport = Record<(typeof JOB_TABLES)[number] | 'refresh_tokens', number>;

/**
 * Deletes job data older than `retentionDays` (selections, preview plans, export snapshots, failures, undo logs)
 * and refresh tokens that expired (or were revoked) more than a day ago. Deletes in batches so no sweep holds long
 * locks. The retention must outlast the longest job (BULK_EXECUTION_TIMEOUT, 7 days): env.ts enforces ≥ 8 days.
 */
export async function purgeExpiredData(sequelize: Sequelize, retentionDays: number): Promise<RetentionReport> {
  const report = {} as RetentionReport;
  for (const table of JOB_TABLES) {
    report[table] = await deleteInBatches(sequelize, table, `created_at < now() - make_interval(days => $1::int)`, [retentionDays]);
  }
  report.refresh_tokens = await deleteInBatches(sequelize, 'refresh_tokens', `(expires_at < now() - interval '1 day') OR (revoked_at < now() - interval '1 day')`, []);
  return report;
}

async function deleteInBatches(sequelize: Sequelize, table: string, condition: string, bind: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const [, meta] = (await sequelize.query(`DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${BATCH})`, { bind })) as [unknown, { rowCount?: number }];
    const n = meta?.rowCount ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}
