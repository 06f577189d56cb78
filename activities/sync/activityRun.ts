import { activityInfo } from '@temporalio/activity';

/** The run id of the workflow that scheduled the current activity (null outside a workflow). */
export function currentRunId(): string | null {
  return activityInfo().workflowExecution?.runId ?? null;
}

/** A stable name for the current activity attempt (used as a lease holder). */
export function currentAttemptName(): string {
  const info = activityInfo();
  return `${info.workflowExecution?.workflowId ?? 'standalone'}/${info.activityId}/${info.attempt}`;
}
