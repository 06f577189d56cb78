import crypto from 'node:crypto';
import { ImportJobStore } from '../catalog/import/importJobStore';
import type { ImportRecord, ReadFile } from '../catalog/import/importFile';
import type { ChangeActor } from '../catalog/changeActor';
import { PRODUCT_IMPORT_EXECUTION_TIMEOUT, PRODUCT_IMPORT_WORKFLOW_TYPE, type ProductImportInput } from '../../workflows/productImportIds';
import type { StarterDeps } from './jobStarter';
import { jobSearchAttributes } from './jobSearchAttributes';

export interface ImportJobRequest {
  file: ReadFile;
  format: 'csv' | 'json';
  dryRun: boolean;
  /** who started it (PpmUserId: `user:<id>` / `svc:<id>`) and as whom the audit trail records the changes */
  userId: string;
  by: ChangeActor;
  chunkRows: number;
}

/**
 * Starts a product import job: the rows go to PostgreSQL under the new job id first (the workflow's history never
 * holds the file), then the workflow starts. Rows of a job that could not start are removed again.
 */
export async function startProductImportJob(deps: StarterDeps, req: ImportJobRequest): Promise<{ jobId: string }> {
  const jobId = `product-import:${crypto.randomUUID()}`;
  const store = new ImportJobStore(deps.sequelize);
  const records: ImportRecord[] = req.file.records;
  await store.create(
    {
      jobId,
      principal: req.userId,
      actor: { kind: 'import', jobId, by: req.by },
      format: req.format,
      encoding: req.file.encoding,
      delimiter: req.file.delimiter,
      dryRun: req.dryRun,
      totalRows: records.length,
    },
    records,
  );
  const input: ProductImportInput = { chunkRows: req.chunkRows };
  try {
    await deps.temporal.workflow.start(PRODUCT_IMPORT_WORKFLOW_TYPE, {
      taskQueue: deps.taskQueue,
      workflowId: jobId,
      args: [input],
      typedSearchAttributes: jobSearchAttributes({ kind: 'product-import', operation: 'import', phase: 'queued', userId: req.userId, shopIds: [] }),
      workflowExecutionTimeout: PRODUCT_IMPORT_EXECUTION_TIMEOUT,
      staticSummary: `${req.dryRun ? 'dry run of ' : ''}product import, ${records.length.toLocaleString('en-US')} rows (${req.format})`,
      staticDetails: `requested by ${req.userId}`,
    });
  } catch (e) {
    await store.delete(jobId).catch(() => undefined);
    throw e;
  }
  return { jobId };
}
