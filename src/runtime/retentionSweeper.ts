import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { purgeStaleRefreshTokens } from '../auth/refreshTokenRetention';
import { purgeCatalogHistory } from '../catalog/catalogRetention';
import { purgeImportJobs } from '../catalog/import/importJobRetention';
import { purgePullRuns } from '../erpPull/erpPullRunRetention';
import { logger } from '../logging/logger';
import { type JobDataReport, purgeJobData } from '../shopPush/jobDataRetention';

export type RetentionReport = JobDataReport & { product_import_jobs: number; erp_pull_runs: number; refresh_tokens: number };

/**
 * Deletes job data older than `retentionDays` (src/shopPush/jobDataRetention.ts; import files and reports,
 * src/catalog/import/importJobRetention.ts; ERP pull runs, src/erpPull/erpPullRunRetention.ts) and refresh tokens that expired
 * (or were revoked) more than a day ago (src/auth/refreshTokenRetention.ts), each in batches.
 */
export async function purgeExpiredData(sequelize: Sequelize, retentionDays: number): Promise<RetentionReport> {
  const jobData = await purgeJobData(sequelize, retentionDays);
  const imports = await purgeImportJobs(sequelize, retentionDays);
  const pullRuns = await purgePullRuns(sequelize, retentionDays);
  return { ...jobData, ...imports, ...pullRuns, refresh_tokens: await purgeStaleRefreshTokens(sequelize) };
}

/**
 * Runs the retention sweeps (job data and refresh tokens: purgeExpiredData; product audit trail and mass edit
 * previews: src/catalog/catalogRetention.ts) every RETENTION_SWEEP_MINUTES in a worker process (0 = off).
 * Several workers may sweep at once: the deletes are idempotent. Returns a stop function.
 */
export function startRetentionSweeper(config: Config, sequelize: Sequelize): () => Promise<void> {
  if (config.RETENTION_SWEEP_MINUTES === 0) return async () => undefined;
  let running: Promise<void> | null = null;
  const sweep = () => {
    if (running) return;
    running = purgeExpiredData(sequelize, config.JOB_RETENTION_DAYS)
      .then(async (jobs) => ({ ...jobs, ...(await purgeCatalogHistory(sequelize, config.PRODUCT_CHANGES_RETENTION_DAYS)) }))
      .then((report) => {
        const total = Object.values(report).reduce((a, b) => a + b, 0);
        if (total) logger.info('retention sweep', { retentionDays: config.JOB_RETENTION_DAYS, auditRetentionDays: config.PRODUCT_CHANGES_RETENTION_DAYS, deleted: report });
      })
      .catch((e: unknown) => {
        logger.warn('retention sweep failed', { error: e instanceof Error ? e.message : String(e) });
      })
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(sweep, 60_000).unref();
  const timer = setInterval(sweep, config.RETENTION_SWEEP_MINUTES * 60_000).unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
