import type { Client } from '@temporalio/client';
import { logger } from '../logging/logger';
import { jobsRunning } from './metrics';

/** Job type label → the workflow type that runs it (the job types the API lists). */
const JOB_WORKFLOWS = {
  'product-sync': 'productSyncWorkflow',
  bulk: 'bulkOperationWorkflow',
  'erp-pull': 'erpPullWorkflow',
  'catalog-stats': 'catalogStatsWorkflow',
} as const;

/**
 * Refreshes `ppm_jobs_running` from Temporal visibility (one count query per job type). Called by the
 * /metrics handler of the API process before rendering; a visibility failure leaves the last values and is
 * logged, so a scrape never fails because Temporal is slow.
 */
export async function refreshJobsRunning(temporal: Client): Promise<void> {
  await Promise.all(
    Object.entries(JOB_WORKFLOWS).map(async ([type, workflowType]) => {
      try {
        const { count } = await temporal.workflow.count(`WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running'`);
        jobsRunning.set({ type }, count);
      } catch (e) {
        logger.debug('metrics: counting running jobs failed', { type, error: (e as Error).message });
      }
    }),
  );
}
