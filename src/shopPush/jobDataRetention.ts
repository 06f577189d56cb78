import type { Sequelize } from 'sequelize';
import { deleteInBatches } from '../db/deleteInBatches';

/** Job-scoped tables swept by age (every row carries created_at). */
const JOB_TABLES = ['job_selection', 'job_plan_items', 'job_export_rows', 'job_failures', 'job_undo_log', 'job_image_undo', 'job_image_bytes', 'job_created_categories'] as const;

export type JobDataReport = Record<(typeof JOB_TABLES)[number], number>;

/**
 * Deletes job data older than `retentionDays` (selections, preview plans, export snapshots, failures, undo logs, image undo data, created categories).
 * The retention must outlast the longest job (BULK_EXECUTION_TIMEOUT, 7 days): env.ts enforces ≥ 8 days.
 */
export async function purgeJobData(sequelize: Sequelize, retentionDays: number): Promise<JobDataReport> {
  const report = {} as JobDataReport;
  for (const table of JOB_TABLES) {
    report[table] = await deleteInBatches(sequelize, table, `created_at < now() - make_interval(days => $1::int)`, [retentionDays]);
  }
  return report;
}
