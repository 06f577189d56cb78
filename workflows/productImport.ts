import { defineQuery, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SA_JOB_PHASE } from '../src/temporal/searchAttributes';
import { PRODUCT_IMPORT_PROGRESS_QUERY, type ProductImportInput, type ProductImportProgress } from './productImportIds';

const { importProductChunk } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export const productImportProgressQuery = defineQuery<ProductImportProgress>(PRODUCT_IMPORT_PROGRESS_QUERY);

/**
 * A large product import (POST /products/import above IMPORT_INLINE_MAX_ROWS): orchestration only. The file's rows
 * wait in PostgreSQL; each activity imports the next chunk of them and answers the counts so far, which the
 * progress query and the memo (job lists) show. The result is the final counts; the per-row report stays in the
 * database (GET /jobs/{id}/report).
 */
export async function productImportWorkflow(input: ProductImportInput): Promise<ProductImportProgress> {
  let progress: ProductImportProgress = { phase: 'running', dryRun: false, rows: 0, done: 0, created: 0, updated: 0, unchanged: 0, error: 0 };
  setHandler(productImportProgressQuery, () => progress);
  upsertSearchAttributes([{ key: SA_JOB_PHASE, value: 'running' }]);
  for (;;) {
    const chunk = await importProductChunk(input.chunkRows);
    progress = { ...chunk.counts, phase: 'running' };
    upsertMemo({ importProgress: progress });
    if (chunk.remaining === 0) break;
  }
  progress = { ...progress, phase: 'completed' };
  upsertMemo({ importProgress: progress });
  upsertSearchAttributes([{ key: SA_JOB_PHASE, value: 'completed' }]);
  return progress;
}
