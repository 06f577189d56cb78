import { ActivityFailure, ApplicationFailure, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { SA_JOB_PHASE } from '../src/temporal/searchAttributes';
import type { BatchCounts, JobMode, JobPhase, JobProgress, ProgressCounters } from './syncTypes';
import { addCounters } from './counterSums';

export function zeroCounters(total = 0): ProgressCounters {
  return { total, done: 0, created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0 };
}

export function newProgress(jobId: string, kind: JobProgress['kind'], operation: JobProgress['operation'], mode: JobMode, startedAt: string): JobProgress {
  return {
    jobId,
    kind,
    operation,
    mode,
    phase: 'queued',
    paused: false,
    inFlightBatches: 0,
    ...zeroCounters(),
    perShop: {},
    compensated: 0,
    compensationFailed: 0,
    plan: null,
    confirmBy: null,
    startedAt,
    runIndex: 0,
    message: null,
  };
}

/** Adds a batch's outcome counts to the job and to its shop. */
export function addCounts(p: JobProgress, shopKey: string | null, c: Pick<BatchCounts, 'processed' | 'created' | 'updated' | 'deleted' | 'skippedUnchanged' | 'skippedOther' | 'failed'>): void {
  const targets: ProgressCounters[] = [p];
  if (shopKey !== null && p.perShop[shopKey]) targets.push(p.perShop[shopKey]);
  for (const t of targets) {
    t.done += c.processed;
    addCounters(t, c, ['created', 'updated', 'deleted', 'skippedUnchanged', 'skippedOther', 'failed']);
  }
}

/** Sets the phase and mirrors it to the PpmJobPhase search attribute (job lists filter on it). */
export function setPhase(p: JobProgress, phase: JobPhase): void {
  if (p.phase === phase) return;
  p.phase = phase;
  upsertSearchAttributes([{ key: SA_JOB_PHASE, value: p.paused && phase === 'running' ? 'paused' : phase }]);
}

export function setPaused(p: JobProgress, paused: boolean): void {
  p.paused = paused;
  upsertSearchAttributes([{ key: SA_JOB_PHASE, value: paused ? 'paused' : p.phase }]);
}

/** The final progress goes to the memo, so status reads of closed jobs need no query and no history. */
export function publishFinal(p: JobProgress): void {
  upsertMemo({ progress: p });
}

/** Code + message of an activity failure (ppm.<CODE> types lose their prefix). */
export function failureOf(err: unknown): { code: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const type = cause.type ?? 'ERROR';
    return { code: type.startsWith('ppm.') ? type.slice(4) : type, message: cause.message };
  }
  if (cause instanceof Error) return { code: cause.name === 'TimeoutFailure' ? 'TIMEOUT' : 'ERROR', message: cause.message };
  return { code: 'ERROR', message: String(cause) };
}
