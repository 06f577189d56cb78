import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { SA_USER_ID } from '../temporal/searchAttributes';
import { SYNC_JOB_TYPES } from './jobAccess';
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

export interface JobOwner {
  id: string;
  /** The run that was checked. */
  runId: string;
  /** First run of its chain (continue-as-new keeps it): control calls target this chain, never a newer execution that reuses the id. */
  firstRunId: string;
  type: string;
  userId: string | null;
  running: boolean;
}

/** Type, owner, run id and running flag of a job (for access checks), or JobNotFoundError. */
export async function jobOwner(client: Client, id: string): Promise<JobOwner> {
  try {
    const d = await client.workflow.getHandle(id).describe();
    return { id, runId: d.runId, firstRunId: d.raw.workflowExecutionInfo?.firstRunId || d.runId, type: d.type, userId: d.typedSearchAttributes.get(SA_USER_ID) ?? null, running: d.status.name === 'RUNNING' };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new JobNotFoundError(id);
    throw e;
  }
}

async function update<T>(client: Client, job: JobOwner, run: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
  if (!SYNC_JOB_TYPES.has(job.type)) throw new JobStateError(`job ${job.id} (${job.type}) does not support this operation`);
  if (!job.running) throw new JobStateError(`job ${job.id} has finished`);
  try {
    return await run(client.workflow.getHandle(job.id, undefined, { firstExecutionRunId: job.firstRunId }));
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) throw new JobStateError(e.cause?.message ?? e.message);
    if (e instanceof WorkflowNotFoundError) throw new JobStateError(`job ${job.id} has finished`);
    throw e;
  }
}

export const pauseJob = (client: Client, job: JobOwner): Promise<JobProgress> => update(client, job, (h) => h.executeUpdate(pauseUpdate));
export const resumeJob = (client: Client, job: JobOwner): Promise<JobProgress> => update(client, job, (h) => h.executeUpdate(resumeUpdate));
export const confirmJob = (client: Client, job: JobOwner): Promise<PlanSummary> => update(client, job, (h) => h.executeUpdate(confirmUpdate));
export const discardJob = (client: Client, job: JobOwner): Promise<JobProgress> => update(client, job, (h) => h.executeUpdate(discardUpdate));

/**
 * Requests cancellation of exactly the checked run of a sync job (never another application's workflow); the
 * job stops new work, lets in-flight calls finish or cancel, compensates if asked.
 */
export async function cancelJob(client: Client, job: JobOwner): Promise<void> {
  await update(client, job, (h) => h.cancel());
}
