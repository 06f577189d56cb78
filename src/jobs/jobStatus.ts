import { type Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';

export type JobState = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out' | 'continued';

export interface JobView {
  id: string;
  type: string;
  state: JobState;
  startedAt: string | null;
  closedAt: string | null;
  result?: unknown;
  error?: { message: string; type?: string };
}

const STATE_BY_STATUS: Record<string, JobState> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
  CONTINUED_AS_NEW: 'continued',
};

/** A job is a workflow execution; its id is the workflow id. Returns null when there is no such job. */
export async function describeJob(client: Client, id: string): Promise<JobView | null> {
  const handle = client.workflow.getHandle(id);
  let desc;
  try {
    desc = await handle.describe();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return null;
    throw e;
  }
  const view: JobView = {
    id,
    type: desc.type,
    state: STATE_BY_STATUS[desc.status.name] ?? 'running',
    startedAt: desc.startTime.toISOString(),
    closedAt: desc.closeTime ? desc.closeTime.toISOString() : null,
  };
  if (view.state === 'completed') view.result = await handle.result();
  if (view.state === 'failed') {
    try {
      await handle.result();
    } catch (e) {
      const cause = e instanceof WorkflowFailedError ? e.cause : e;
      view.error = { message: cause instanceof Error ? cause.message : String(cause), type: (cause as { type?: string })?.type };
    }
  }
  return view;
}
