import type { Sequelize } from 'sequelize';
import { deleteInBatches } from '../db/deleteInBatches';

/**
 * Deletes ERP pull runs (erp_pull_runs, what GET /reports/erp-sources reads) started more than `retentionDays` ago,
 * with the job data (JOB_RETENTION_DAYS, at least 8: the report's 7-day window is always whole).
 */
export async function purgePullRuns(sequelize: Sequelize, retentionDays: number): Promise<{ erp_pull_runs: number }> {
  return {
    erp_pull_runs: await deleteInBatches(sequelize, 'erp_pull_runs', `started_at < now() - make_interval(days => $1::int)`, [retentionDays], { key: 'pull_id', orderBy: 'started_at' }),
  };
}
