import { ApplicationFailure, ParentClosePolicy, proxyActivities, startChild, uuid4 } from '@temporalio/workflow';
import { failureOf } from './jobProgress';
import type { Activities } from '../activities';
import { SA_JOB_KIND, SA_JOB_PHASE, SA_OPERATION, SA_SHOP_IDS, SA_SOURCE, SA_USER_ID } from '../src/temporal/searchAttributes';
import type { MassEditJobInput, MassEditJobResult } from './massEditIds';
import type { BulkInput } from './syncTypes';

const { applyMassEdit } = proxyActivities<Activities>({
  // One transaction over the whole selection: no retry could apply it twice (the preview is marked applied in it).
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
});

/**
 * A large mass edit confirm (POST /products/mass-edit/confirm above MASS_EDIT_INLINE_MAX_PRODUCTS): orchestration
 * only. The activity applies the preview in one transaction (all products or none); when a push was asked for and
 * products changed, a bulk push job over exactly those products starts as a job of its own (it outlives this one).
 */
export async function massEditWorkflow(input: MassEditJobInput): Promise<MassEditJobResult> {
  const pushJobId = input.push ? `bulk:${uuid4()}` : null;
  const applied = await applyMassEdit({ previewId: input.previewId, principal: input.principal, actor: input.actor, selectionForJob: pushJobId }).catch((e: unknown) => {
    // The job fails with the refusal's code and message (e.g. PRECONDITION_FAILED), not "activity task failed".
    const { code, message } = failureOf(e);
    throw ApplicationFailure.nonRetryable(message, code);
  });
  if (!input.push || !pushJobId || applied.applied === 0) return { applied: applied.applied, unchanged: applied.unchanged, pushJobId: null };
  const bulk: BulkInput = { operation: input.push.operation, selection: { kind: 'stored' }, shopIds: input.push.shopIds, onFailure: 'continue', force: false, mode: 'apply', userId: input.userId };
  await startChild('bulkOperationWorkflow', {
    workflowId: pushJobId,
    args: [bulk],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    // BULK_EXECUTION_TIMEOUT (src/jobs/jobStarter.ts)
    workflowExecutionTimeout: '7 days',
    typedSearchAttributes: [
      { key: SA_JOB_KIND, value: 'bulk' },
      { key: SA_OPERATION, value: input.push.operation },
      { key: SA_JOB_PHASE, value: 'queued' },
      { key: SA_USER_ID, value: input.userId },
      { key: SA_SOURCE, value: 'api' },
      { key: SA_SHOP_IDS, value: input.push.shopIds.map(String) },
    ],
    staticSummary: `bulk ${input.push.operation} after mass edit ${input.previewId}, ${applied.applied} products, shops ${input.push.shopIds.join(',') || '(none)'}`,
  });
  return { applied: applied.applied, unchanged: applied.unchanged, pushJobId };
}
