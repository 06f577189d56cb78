import type { Context } from 'hono';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import type { Client } from '@temporalio/client';
import { type JobReader, mayControlJob, mayReadJob } from '../../jobs/jobAccess';
import { JobNotFoundError, type JobOwner, jobOwner } from '../../jobs/jobControl';

/** The id stored with a job (search attribute PpmUserId): no e-mail or name, just the principal's kind and id. */
export function jobUserId(c: Context<AppEnv>): string {
  const p = c.get('principal');
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return p.kind === 'service' ? `svc:${p.id}` : `user:${p.id}`;
}

/** The caller as a job reader (role and owner id), for src/jobs/jobAccess.ts. */
export function jobReader(c: Context<AppEnv>): JobReader {
  const p = c.get('principal');
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return { role: p.role, ownerId: jobUserId(c) };
}

/**
 * The job if the caller may read it (see jobAccess.ts: PPM job types only, by role; users only their own sync
 * jobs); anything else answers 404, so ids of other people's jobs or other workflows are not disclosed.
 */
export async function readableJob(c: Context<AppEnv>, temporal: Client, id: string): Promise<JobOwner> {
  const notFound = () => new ApiError(404, 'JOB_NOT_FOUND', `No job with id ${id}`);
  const job = await jobOwner(temporal, id).catch((e: unknown) => {
    throw e instanceof JobNotFoundError ? notFound() : e;
  });
  if (!mayReadJob(jobReader(c), job.type, job.userId)) throw notFound();
  return job;
}

/** Users control their own sync jobs; managers and admins any sync job; nothing else is controllable. */
export function assertMayControl(c: Context<AppEnv>, job: JobOwner): void {
  if (!mayControlJob(jobReader(c), job.type, job.userId)) {
    throw new ApiError(409, 'JOB_STATE_CONFLICT', `job ${job.id} (${job.type}) cannot be controlled through the API`);
  }
}

/** The optional Idempotency-Key header (1–255 printable characters). */
export function idempotencyKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ApiError(400, 'BAD_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-255 printable ASCII characters');
  return key;
}
