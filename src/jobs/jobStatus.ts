import { type Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { progressQuery } from '../../workflows/messages';
import { withLiveCounts } from './liveProgress';
import { runningPullTotals } from '../erpPull/erpPullRuns';
import type { JobProgress } from '../../workflows/syncTypes';
import type { ErpPullProgress } from '../../workflows/erpPull';
import { ERP_PULL_PROGRESS_QUERY, ERP_PULL_WORKFLOW_TYPE } from '../../workflows/erpPullIds';
import { PRODUCT_IMPORT_PROGRESS_QUERY, PRODUCT_IMPORT_WORKFLOW_TYPE, type ProductImportProgress } from '../../workflows/productImportIds';

/** Raw execution state (kept for older clients). */
export type JobState = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out' | 'continued';

/** What a user sees: the execution state refined by the job's own phase. */
export type JobStatus =
  | 'queued'
  | 'running'
  | 'paused'
  | 'awaiting_confirmation'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed_out'
  | 'discarded'
  | 'expired';

export interface JobView {
  id: string;
  type: string;
  state: JobState;
  status: JobStatus;
  startedAt: string | null;
  closedAt: string | null;
  summary: string | null;
  progress: JobProgress | null;
  /** A running ERP pull's figures so far (its progress query); its result once completed. */
  pullProgress?: ErpPullProgress;
  /** An import job's rows done and counts per outcome (live while it runs; the same as its result once done). */
  importProgress?: ProductImportProgress;
  result?: unknown;
  error?: { message: string; type?: string };
  /** Seconds a poller should wait before asking again (null once the job is closed). */
  pollAfterSeconds: number | null;
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

const SYNC_TYPES = new Set(['productSyncWorkflow', 'bulkOperationWorkflow']);
/** A progress query may not hold a status request hostage (no worker polling, say). */
const QUERY_DEADLINE_MS = 3_000;

export function statusOf(state: JobState, progress: JobProgress | null): JobStatus {
  if (state === 'running' || state === 'continued') {
    if (!progress || progress.phase === 'queued' || progress.phase === 'preparing') return 'queued';
    if (progress.paused) return 'paused';
    if (progress.phase === 'awaiting_confirmation') return 'awaiting_confirmation';
    return 'running';
  }
  if (state === 'completed' && (progress?.phase === 'discarded' || progress?.phase === 'expired')) return progress.phase;
  return state as JobStatus;
}

/** The live progress of a running sync job, or null when it cannot be asked right now. */
export async function queryProgress(client: Client, id: string): Promise<JobProgress | null> {
  try {
    return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => client.workflow.getHandle(id).query(progressQuery));
  } catch {
    return null;
  }
}

/**
 * A job is a workflow execution; its id is the workflow id. Running sync jobs answer a progress query
 * (served from the worker's cache: no history fetch); closed ones carry their final progress in the memo.
 * Returns null when there is no such job.
 */
export async function describeJob(client: Client, id: string, opts: { sequelize?: Sequelize } = {}): Promise<JobView | null> {
  const handle = client.workflow.getHandle(id);
  let desc;
  try {
    desc = await handle.describe();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return null;
    throw e;
  }
  const state = STATE_BY_STATUS[desc.status.name] ?? 'running';
  const isSync = SYNC_TYPES.has(desc.type);
  let progress: JobProgress | null = null;
  if (isSync) progress = state === 'running' ? await queryProgress(client, id) : ((desc.memo?.progress as JobProgress | undefined) ?? null);
  // Items finish long before their batch: running bulk jobs show the outcomes recorded so far, with a rate and ETA.
  if (progress && state === 'running' && opts.sequelize) progress = await withLiveCounts(opts.sequelize, progress).catch(() => progress);
  // Jobs without a sync progress (ERP pulls, stats) are running while they run, never "queued".
  const status = !isSync && state === 'running' ? 'running' : statusOf(state, progress);
  const view: JobView = {
    id,
    type: desc.type,
    state,
    status,
    startedAt: desc.startTime.toISOString(),
    closedAt: desc.closeTime ? desc.closeTime.toISOString() : null,
    summary: (await desc.staticSummary().catch(() => undefined)) ?? null,
    progress,
    pollAfterSeconds: state === 'running' ? (status === 'queued' ? 1 : status === 'paused' || status === 'awaiting_confirmation' ? 10 : 2) : null,
  };
  if (state === 'completed' && !isSync) view.result = await handle.result();
  if (state === 'running' && desc.type === ERP_PULL_WORKFLOW_TYPE) {
    const pull = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query<ErpPullProgress>(ERP_PULL_PROGRESS_QUERY)).catch(() => null);
    if (pull) view.pullProgress = opts.sequelize ? await withCheckpointedPages(opts.sequelize, id, pull).catch(() => pull) : pull;
  }
  if (desc.type === PRODUCT_IMPORT_WORKFLOW_TYPE) {
    const live =
      state === 'running' ? await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query<ProductImportProgress>(PRODUCT_IMPORT_PROGRESS_QUERY)).catch(() => null) : null;
    const imported = live ?? (desc.memo?.importProgress as ProductImportProgress | undefined);
    if (imported) view.importProgress = imported;
  }
  if (state === 'failed') {
    try {
      await handle.result();
    } catch (e) {
      const cause = e instanceof WorkflowFailedError ? e.cause : e;
      view.error = { message: cause instanceof Error ? cause.message : String(cause), type: (cause as { type?: string })?.type };
    }
  }
  return view;
}

/**
 * A running pull's progress with the pages its current activity call has already checkpointed: the workflow's
 * counters move once per call (up to 10 pages), the run row after every page. Each counter is the larger of the two.
 */
async function withCheckpointedPages(sequelize: Sequelize, workflowId: string, pull: ErpPullProgress): Promise<ErpPullProgress> {
  const totals = await runningPullTotals(sequelize, { sourceId: pull.sourceId, workflowId, startedAt: pull.startedAt });
  if (!totals) return pull;
  const counters = { ...pull.counters };
  for (const k of Object.keys(totals) as (keyof typeof totals)[]) counters[k] = Math.max(counters[k] ?? 0, totals[k]);
  return { ...pull, counters, changed: counters.inserted + counters.updated + counters.vanishedDeactivated };
}
