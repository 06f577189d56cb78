import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { erpPullWorkflow, type ErpPullInput, type ErpPullResult } from './erpPull';
import { erpPullWorkflowId } from './erpPullIds';

export type ErpPullScheduledResult =
  | { outcome: 'pulled'; pullWorkflowId: string; result: ErpPullResult }
  | { outcome: 'skipped'; pullWorkflowId: string; reason: string };

/**
 * What a Temporal Schedule starts for an ERP pull: it runs the pull as the child `erp-pull:<sourceId>`, so a
 * scheduled pull and a pull started by hand share one workflow id and can never overlap. When a pull of the
 * source is already running, this run ends at once as "skipped" (the schedule's own overlap policy SKIP
 * covers overlapping scheduled runs, since this run lasts as long as its pull).
 */
export async function erpPullScheduledWorkflow(input: ErpPullInput): Promise<ErpPullScheduledResult> {
  const pullWorkflowId = erpPullWorkflowId(input.sourceId);
  let child;
  try {
    child = await startChild(erpPullWorkflow, {
      workflowId: pullWorkflowId,
      args: [{ sourceId: input.sourceId, pageSize: input.pageSize, syncChangedToShops: input.syncChangedToShops, pagesPerRun: input.pagesPerRun, mode: input.mode }],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { outcome: 'skipped', pullWorkflowId, reason: 'a pull of this source is already running' };
    throw e;
  }
  return { outcome: 'pulled', pullWorkflowId, result: await child.result() };
}
