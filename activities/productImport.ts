import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ImportJobStore } from '../src/catalog/import/importJobStore';
import { ProductImport } from '../src/catalog/import/productImport';
import type { ProductImportProgress } from '../workflows/productImportIds';
import type { ActivityDeps } from './deps';

/** Rows checked and written per step within a chunk; the activity heartbeats after each. */
const STEP_ROWS = 100;

/** Import jobs: thin adapters over src/catalog/import (the job's id is the workflow id). */
export function createProductImportActivities({ sequelize, importRowValidator }: ActivityDeps) {
  const store = new ImportJobStore(sequelize);
  const importer = importRowValidator ? new ProductImport(sequelize, importRowValidator) : null;
  return {
    /**
     * Imports the next `rows` rows of the job's file still to do and stores their reports; answers the counts so
     * far and how many rows remain. A retry picks up at the first row without a report (a row written just before
     * a crash, report unsaved, is then reported as unchanged).
     */
    async importProductChunk(rows: number): Promise<{ counts: Omit<ProductImportProgress, 'phase'>; remaining: number }> {
      if (!importer) throw new Error('this worker was started without an import row validator (ActivityDeps.importRowValidator)');
      const { workflowId: jobId } = Context.current().info.workflowExecution!;
      const header = await store.header(jobId);
      if (!header) throw ApplicationFailure.nonRetryable(`import job ${jobId} has no stored file`, 'ImportFileMissing');
      const records = await store.pending(jobId, rows);
      for (let i = 0; i < records.length; i += STEP_ROWS) {
        const step = records.slice(i, i + STEP_ROWS);
        const skus = [...new Set(step.flatMap((r) => (typeof r.values.sku === 'string' && r.values.sku.trim() ? [r.values.sku.trim()] : [])))];
        const earlierRowOfSku = await store.earlierRowOfSku(jobId, step[0].row, skus);
        const reports = await importer.importRows(step, { dryRun: header.dryRun, actor: header.actor, earlierRowOfSku });
        await store.saveReports(jobId, reports);
        Context.current().heartbeat({ row: step[step.length - 1].row });
      }
      const s = await store.summary(jobId);
      return { counts: { dryRun: header.dryRun, rows: s.rows, done: s.done, created: s.created, updated: s.updated, unchanged: s.unchanged, error: s.error }, remaining: s.rows - s.done };
    },
  };
}
