import { type Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { ErpPullInput, ErpPullProgress } from '../../workflows/erpPull';
import { ERP_PULL_EXECUTION_TIMEOUT, ERP_PULL_PROGRESS_QUERY, ERP_PULL_WORKFLOW_TYPE, erpPullWorkflowId } from '../../workflows/erpPullIds';

/**
 * Starts a pull of one source as `erp-pull:<sourceId>`. Conflict policy USE_EXISTING: while a pull of the
 * source runs, this returns that run instead of starting a second one (reuse of a closed id is allowed).
 */
export async function startErpPull(client: Client, taskQueue: string, input: ErpPullInput & { sourceName?: string }) {
  const { sourceName, ...args } = input;
  const handle = await client.workflow.start(ERP_PULL_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: erpPullWorkflowId(input.sourceId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowExecutionTimeout: ERP_PULL_EXECUTION_TIMEOUT,
    args: [args],
    staticSummary: `ERP pull of ${sourceName ? `"${sourceName}"` : `source ${input.sourceId}`}`,
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, handle };
}

/** The progress of the source's current (or last) pull run, by query. */
export async function erpPullProgress(client: Client, sourceId: number): Promise<ErpPullProgress> {
  return client.workflow.getHandle(erpPullWorkflowId(sourceId)).query<ErpPullProgress>(ERP_PULL_PROGRESS_QUERY);
}
