import { activityInfo } from '@temporalio/activity';

/** The run id of the workflow that scheduled the current activity (null outside a workflow). */
export function currentRunId(): string | null {
  return activityInfo().workflowExecution?.runId ?? null;
}

/**
 * A stable name for the current activity across its attempts (a lease holder: a retry after a worker crash takes
 * over the leases of its dead attempt instead of waiting for them to expire).
 */
export function currentActivityName(): string {
  const info = activityInfo();
  return `${info.workflowExecution?.workflowId ?? 'standalone'}/${info.workflowExecution?.runId ?? ''}/${info.activityId}`;
}

/**
 * The lease holder of the current activity attempt (`<activity>#<attempt>`): a retry tells its own leases from those
 * of an earlier attempt that may still be running (see withShopSession).
 */
export function currentAttemptHolder(): string {
  return `${currentActivityName()}#${activityInfo().attempt}`;
}
