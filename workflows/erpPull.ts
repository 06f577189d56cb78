import {
  allHandlersFinished,
  CancellationScope,
  condition,
  ContinueAsNew,
  continueAsNew,
  defineQuery,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ErpPullPageResult } from '../activities/erpPull/types';
import type { ErpPullRanMode, ErpPullRequestedMode } from './erpPullIds';
import { NON_RETRYABLE_FAILURE_TYPES } from '../src/errors/errorCodes';
import { ERP_PULL_PROGRESS_QUERY } from './erpPullIds';
import type { BulkInput } from './syncTypes';
import { addCounters } from './counterSums';
import { describePullFailure } from './erpPullFailure';

/**
 * erpPullWorkflow: pages through one ERP source (Subiekt GT or Dynamics BC) with the connector's cursor kept
 * in workflow state, writing changed products into the catalogue page by page (batch iterator). Every
 * `pagesPerRun` pages (or when Temporal suggests it) it continues-as-new carrying the cursor and counters,
 * so no run's history grows large whatever the catalogue size.
 *
 * Modes: a full pull reads the whole source and deactivates products that vanished from it; an incremental
 * pull starts from the changes cursor the previous pull stored (ERPs with change tracking: Dynamics) and
 * reads only what changed, never deactivating vanished products. 'auto' (default) lets erpPullBegin decide
 * from the stored cursor and the age of the last full pull (source setting `fullPullEveryHours`, default 24).
 * Both store the ERP's new changes cursor at the end. Workflow id: `erp-pull:<sourceId>` (see
 * src/erpPull/startErpPull.ts) so two pulls of one source never overlap.
 */

export { ERP_PULL_WORKFLOW_TYPE, erpPullWorkflowId } from './erpPullIds';

export const DEFAULT_ERP_PAGE_SIZE = 1000;
export const MAX_ERP_PAGE_SIZE = 1000;
export const DEFAULT_PAGES_PER_RUN = 50;
/**
 * ERP pages one activity call reads and writes (the next read overlapping the current write), within about
 * `PAGE_CALL_BUDGET_MS`: one workflow round trip per ~10,000 products instead of per page.
 */
const PAGES_PER_CALL = 10;
const PAGE_CALL_BUDGET_MS = 30_000;
/** The follow-up sync selects products written since the pull began, minus this margin for clock skew
 * between the workflow's clock and PostgreSQL's `now()` (an extra product only costs a delta check). */
const SYNC_SINCE_MARGIN_MS = 5 * 60_000;

export interface ErpPullInput {
  sourceId: number;
  /** Products per ERP page (an activity call reads up to 10 pages, see PAGES_PER_CALL). @default 1000 */
  pageSize?: number;
  /** After the pull, start a bulk sync of the changed products to the shops. @default false */
  syncChangedToShops?: boolean;
  /** Resume from this ERP cursor. A pull that did not start at the beginning never deactivates vanished products. */
  cursor?: string | null;
  /** 'full', 'incremental' (falls back to full when no changes cursor is stored) or 'auto'. @default 'auto' */
  mode?: ErpPullRequestedMode;
  /** Continue-as-new after this many pages. @default 50 */
  pagesPerRun?: number;
  /** State carried across continue-as-new; callers leave it out. */
  carried?: ErpPullCarried;
}

/** A pull's totals: the page upsert's counters summed over its pages, plus pages, pictures and vanished products. */
export interface ErpPullCounters extends Pick<ErpPullPageResult, 'inserted' | 'updated' | 'unchanged' | 'deactivated' | 'reactivated' | 'conflicts' | 'fetched'> {
  pages: number;
  picturesDownloaded: number;
  picturesUnchanged: number;
  picturesRemoved: number;
  picturesFailed: number;
  vanishedDeactivated: number;
}

export interface ErpPullCarried {
  pullId: string;
  /** True when the pull started at the beginning of the source (so it sees every product). */
  fullScan: boolean;
  /** The mode that runs (absent in state carried by older runs: derived from fullScan). */
  mode?: ErpPullRanMode;
  startedAt: string;
  runs: number;
  sourceName: string;
  counters: ErpPullCounters;
  /** Shops for the follow-up sync (null: every active shop). */
  syncShopIds: number[] | null;
}

export type ErpPullPhase = 'starting' | 'pulling' | 'finishing' | 'syncing' | 'done';

export interface ErpPullProgress {
  sourceId: number;
  sourceName: string;
  /** Which kind of pull this is; 'starting' until erpPullBegin decided. */
  mode: ErpPullRanMode | 'starting';
  phase: ErpPullPhase;
  /** 1 for the first run, +1 per continue-as-new. */
  run: number;
  startedAt: string;
  hasMore: boolean;
  counters: ErpPullCounters;
  changed: number;
}

export interface ErpPullResult extends ErpPullProgress {
  /** Set when a shop sync of the changed products was started. */
  shopSync: { started: boolean; jobId?: string; reason?: string };
}

export const erpPullProgressQuery = defineQuery<ErpPullProgress>(ERP_PULL_PROGRESS_QUERY);

const { erpPullBegin, erpPullFinish, erpPullRecordFailure } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});

const { erpPullPage } = proxyActivities<Activities>({
  // A page: one ERP read, one catalogue statement, the changed pictures. Heartbeats between steps/pictures.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
});

function zeroCounters(): ErpPullCounters {
  return {
    pages: 0, fetched: 0, inserted: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0, conflicts: 0,
    picturesDownloaded: 0, picturesUnchanged: 0, picturesRemoved: 0, picturesFailed: 0, vanishedDeactivated: 0,
  };
}

function addPage(c: ErpPullCounters, p: ErpPullPageResult): void {
  c.pages += p.pages ?? 1;
  addCounters(c, p, ['fetched', 'inserted', 'updated', 'unchanged', 'deactivated', 'reactivated', 'conflicts']);
  c.picturesDownloaded += p.pictures.downloaded;
  c.picturesUnchanged += p.pictures.unchanged;
  c.picturesRemoved += p.pictures.removed;
  c.picturesFailed += p.pictures.failed;
}

function clampInt(v: number | undefined, def: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return def;
  return Math.min(max, Math.max(min, Math.floor(v)));
}

/** Marks histories where a failed or cancelled pull closes its run row (erpPullRecordFailure) before failing. */
const RECORD_FAILED_RUN_PATCH = 'erp-pull-records-failed-run';

/** Pulls one ERP source into the catalogue; a pull that fails (or is cancelled) is recorded in its run row first. */
export async function erpPullWorkflow(input: ErpPullInput): Promise<ErpPullResult> {
  const info = workflowInfo();
  const state: ErpPullCarried = input.carried
    ? { ...input.carried, runs: input.carried.runs + 1 }
    : {
        pullId: info.runId,
        fullScan: !input.cursor,
        startedAt: new Date().toISOString(),
        runs: 1,
        sourceName: '',
        counters: zeroCounters(),
        syncShopIds: null,
      };
  try {
    return await pullSource(input, state);
  } catch (e) {
    if (e instanceof ContinueAsNew || !patched(RECORD_FAILED_RUN_PATCH)) throw e;
    const failure = describePullFailure(e);
    try {
      // Recorded even when the pull was cancelled (the scope would cancel the activity before it ran).
      await CancellationScope.nonCancellable(() =>
        erpPullRecordFailure({ sourceId: input.sourceId, run: runRow(state), outcome: failure.outcome, error: failure.error }),
      );
    } catch (recordError) {
      log.warn('ERP pull failure could not be recorded', { sourceId: input.sourceId, error: String(recordError) });
    }
    throw e;
  }
}

/** The pull's run row (erp_pull_runs) as the workflow knows it. */
function runRow(state: ErpPullCarried) {
  return { pullId: state.pullId, workflowId: workflowInfo().workflowId, startedAt: state.startedAt, mode: state.mode ?? null, totals: state.counters };
}

async function pullSource(input: ErpPullInput, state: ErpPullCarried): Promise<ErpPullResult> {
  const pageSize = clampInt(input.pageSize, DEFAULT_ERP_PAGE_SIZE, 1, MAX_ERP_PAGE_SIZE);
  const pagesPerRun = clampInt(input.pagesPerRun, DEFAULT_PAGES_PER_RUN, 1, 1000);
  let cursor: string | null = input.cursor ?? null;
  let phase: ErpPullPhase = input.carried ? 'pulling' : 'starting';
  let hasMore = true;

  const progress = (): ErpPullProgress => ({
    sourceId: input.sourceId,
    sourceName: state.sourceName,
    mode: phase === 'starting' ? 'starting' : (state.mode ?? (state.fullScan ? 'full' : 'resumed')),
    phase,
    run: state.runs,
    startedAt: state.startedAt,
    hasMore,
    counters: { ...state.counters },
    changed: state.counters.inserted + state.counters.updated + state.counters.vanishedDeactivated,
  });
  setHandler(erpPullProgressQuery, progress);

  if (!input.carried) {
    const begun = await erpPullBegin({
      sourceId: input.sourceId,
      pullId: state.fullScan ? state.pullId : null,
      mode: input.mode ?? 'auto',
      run: { pullId: state.pullId, workflowId: workflowInfo().workflowId, startedAt: state.startedAt },
    });
    state.sourceName = begun.name;
    state.syncShopIds = begun.syncShopIds;
    state.mode = begun.mode ?? (state.fullScan ? 'full' : 'resumed');
    if (state.mode === 'incremental') {
      state.fullScan = false;
      cursor = begun.startCursor ?? null;
    }
    log.info('ERP pull started', { sourceId: input.sourceId, kind: begun.kind, pageSize, mode: state.mode, reason: begun.modeReason });
  }
  phase = 'pulling';

  let pagesThisRun = 0;
  /** The ERP's cursor for the next incremental pull, from the last page. */
  let changesCursor: string | null = null;
  while (hasMore) {
    setCurrentDetails(`ERP pull of "${state.sourceName}": page ${state.counters.pages + 1}, ${state.counters.fetched} products read`);
    const maxPages = Math.max(1, Math.min(PAGES_PER_CALL, pagesPerRun - pagesThisRun));
    const page = await erpPullPage({
      sourceId: input.sourceId, cursor, pageSize, pullId: state.fullScan ? state.pullId : null, maxPages, budgetMs: PAGE_CALL_BUDGET_MS,
      run: { pullId: state.pullId, before: state.counters },
    });
    addPage(state.counters, page);
    if (page.cursorStalled || (page.nextCursor !== null && page.nextCursor === cursor)) {
      // A connector that hands back the cursor it was given would loop forever: stop and say so.
      log.warn('ERP cursor did not advance; ending the pull here', { sourceId: input.sourceId, pages: state.counters.pages });
      state.fullScan = false;
      hasMore = false;
      break;
    }
    cursor = page.nextCursor;
    hasMore = cursor !== null;
    if (!hasMore) changesCursor = page.changesCursor ?? null;
    pagesThisRun += page.pages ?? 1;
    if (hasMore && (pagesThisRun >= pagesPerRun || workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof erpPullWorkflow>({ ...input, cursor, carried: state });
    }
  }

  phase = 'finishing';
  const finished = await erpPullFinish({
    sourceId: input.sourceId,
    pullId: state.fullScan ? state.pullId : null,
    deactivateVanished: state.fullScan,
    fullScan: state.fullScan,
    changesCursor,
    run: runRow(state),
  });
  state.counters.vanishedDeactivated = finished.vanishedDeactivated;

  let shopSync: ErpPullResult['shopSync'] = { started: false, reason: 'not requested' };
  if (input.syncChangedToShops) {
    phase = 'syncing';
    if (state.counters.inserted + state.counters.updated + state.counters.vanishedDeactivated === 0) {
      shopSync = { started: false, reason: 'nothing changed' };
    } else {
      // The changed products are exactly this source's products written since the pull began (inserted,
      // updated or deactivated), so a catalogue filter selects them without passing ids through Temporal.
      // Operation "create" creates missing products and updates existing ones; the delta skips the rest.
      const jobId = `bulk:erp-pull:${input.sourceId}:${state.pullId}`;
      const bulk: BulkInput = {
        operation: 'create',
        selection: { kind: 'filter', filter: { erpSourceId: input.sourceId, updatedSince: new Date(Date.parse(state.startedAt) - SYNC_SINCE_MARGIN_MS).toISOString() } },
        ...(state.syncShopIds ? { shopIds: state.syncShopIds } : {}),
        onFailure: 'continue',
        mode: 'apply',
      };
      await startChild('bulkOperationWorkflow', {
        workflowId: jobId,
        args: [bulk],
        // The sync is its own job: it outlives this pull and is followed through the jobs API.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `Sync of products changed by ERP pull of "${state.sourceName}"`,
      });
      shopSync = { started: true, jobId };
    }
  }

  phase = 'done';
  setCurrentDetails(`ERP pull of "${state.sourceName}" done: ${state.counters.fetched} read, ${progress().changed} changed`);
  log.info('ERP pull finished', { sourceId: input.sourceId, ...state.counters });
  return { ...progress(), shopSync };
}
