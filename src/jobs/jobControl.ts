import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { SA_USER_ID } from '../temporal/searchAttributes';
import { confirmUpdate, discardUpdate, pauseUpdate, resumeUpdate } from '../../workflows/messages';
import type { JobProgress, PlanSummary } from '../../workflows/syncTypes';

export class JobNotFoundError extends Error {
  constructor(id: string) {
    super(`No job with id ${id}`);
    this.name = 'JobNotFoundError';
  }
}

/** The job cannot do that now (closed, not awaiting confirmation, ...). */
export class JobStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobStateError';
  }
}

const SYNC_TYPES = new Set(['productSyncWorkflow', 'bulkOperationWorkflow']);

export interface JobOwner {
  type: string;
  userId: string | null;
  running: boolean;
}

/** Type, owner and running flag of a job (for access checks), or JobNotFoundError. */
export async function jobOwner(client: Client, id: string): Promise<JobOwner> {
  try {
    const d = await client.workflow.getHandle(id).describe();
    return { type: d.type, userId: d.typedSearchAttributes.get(SA_USER_ID) ?? null, running: d.status.name === 'RUNNING' };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new JobNotFoundError(id);
    throw e;
  }
}

async function update<T>(client: Client, id: string, run: () => Promise<T>): Promise<T> {
  const owner = await jobOwner(client, id);
  if (!SYNC_TYPES.has(owner.type)) throw new JobStateError(`job ${id} (${owner.type}) does not support this operation`);
  if (!owner.running) throw new JobStateError(`job ${id} has finished`);
  try {
    return await run();
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) throw new JobStateError(e.cause?.message ?? e.message);
    if (e instanceof WorkflowNotFoundError) throw new JobStateError(`job ${id} has finished`);
    throw e;
  }
}

export const pauseJob = (client: Client, id: string): Promise<JobProgress> => update(client, id, () => client.workflow.getHandle(id).executeUpdate(pauseUpdate));
export const resumeJob = (client: Client, id: string): Promise<JobProgress> => update(client, id, () => client.workflow.getHandle(id).executeUpdate(resumeUpdate));
export const confirmJob = (client: Client, id: string): Promise<PlanSummary> => update(client, id, () => client.workflow.getHandle(id).executeUpdate(confirmUpdate));
export const discardJob = (client: Client, id: string): Promise<JobProgress> => update(client, id, () => client.workflow.getHandle(id).executeUpdate(discardUpdate));

/** Requests cancellation; the job stops new work, lets in-flight calls finish or cancel, compensates if asked. */
export async function cancelJob(client: Client, id: string): Promise<void> {
  const owner = await jobOwner(client, id);
  if (!owner.running) throw new JobStateError(`job ${id} has finished`);
  await client.workflow.getHandle(id).cancel();
}
