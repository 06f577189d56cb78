import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addCounts, failureOf, newProgress, publishFinal, setPhase, zeroCounters } from './jobProgress';
import { autoResume, DEFAULT_MAX_PAUSE_MS, pauseRemainingMs, registerJobHandlers } from './jobHandlers';
import { batchOptions, bulkCompensationOptions, DATABASE } from './syncActivityOptions';
import type { BatchResult, BulkCarry, BulkInput, JobProgress } from './syncTypes';

const DEFAULTS = {
  batchSize: 200,
  /** ~7 history events per batch: 400 batches stay far below the 10k-event warning. */
  maxUnitsPerRun: 400,
  window: 32,
  /**
   * Batches in flight per shop. Items inside a batch already use all the shop's lanes; the others take over the
   * lanes a batch's tail frees (its slowest items: a late-create window, a Retry-After), so the shop never idles
   * between batches. Three, not two: on a flaky shop two batches are often both in their tails at once.
   */
  batchesPerShop: 3,
  /** Batches beat every second: a killed worker's batches are retried (and resume) within about this long. */
  heartbeatTimeoutMs: 10_000,
  previewTtlMs: 24 * 60 * 60 * 1000,
};
/** Continue-as-new also when the history grows past this, whatever the unit count. */
const MAX_HISTORY_EVENTS = 6_000;
/** Runs started before batchesPerShop became 3 keep their 2 when replayed. */
const THREE_BATCHES_PER_SHOP = 'bulk-three-batches-per-shop';
const EXPORT_KEY = 'export';

const bookkeeping = proxyActivities<Activities>(DATABASE);

/**
 * A bulk create | update | delete | export over a stored id list or a catalogue filter, to chosen shops.
 * Scales to 100k products × several shops with bounded history: the selection lives in PostgreSQL
 * (job_selection) and the workflow passes only (shop, seq range) to batch activities of `batchSize` items,
 * keeping a sliding window of them in flight (≤ `window`, and per shop ≤ its max_concurrency; the shop's
 * limits are also enforced across workers inside the activity), and continues as new after `maxUnitsPerRun`
 * batches or when the server suggests it, carrying only counters and per-shop cursors.
 * onFailure "continue" records per-item failures and goes on; "compensate" stops at the first permanent
 * failure (or on cancel) and undoes the job's changes from the undo log, newest first, non-cancellably.
 * mode "preview" plans every item (field diffs stored in job_plan_items), waits for confirm/discard/expiry,
 * then applies exactly the stored plan.
 */
export async function bulkOperationWorkflow(input: BulkInput): Promise<JobProgress> {
  const info = workflowInfo();
  const jobId = info.workflowId;
  const t = { ...DEFAULTS, ...(input.tuning ?? {}) };
  if (input.tuning?.batchesPerShop === undefined && !patched(THREE_BATCHES_PER_SHOP)) t.batchesPerShop = 2;
  const mode = input.mode ?? 'apply';
  const onFailure = input.onFailure ?? 'continue';
  const batch = proxyActivities<Activities>(batchOptions(t.heartbeatTimeoutMs));
  const undo = proxyActivities<Activities>(bulkCompensationOptions(t.heartbeatTimeoutMs));

  const carry: BulkCarry = input.carry ?? {
    progress: newProgress(jobId, 'bulk', input.operation, mode, info.startTime.toISOString()),
    shops: [],
    selectionSize: 0,
    nextBatch: {},
    stage: input.operation === 'export' ? 'export' : mode === 'preview' ? 'plan' : 'work',
    stopRequested: false,
    abortReason: null,
  };
  const progress = carry.progress;
  let tick = 0;
  const controls = registerJobHandlers(progress, t.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS, () => tick++);

  let running = 0;
  try {
    if (!input.carry) {
      setPhase(progress, 'preparing');
      carry.shops = input.operation === 'export' && !input.shopIds?.length ? await bookkeeping.resolveSyncShops(null) : await bookkeeping.resolveSyncShops(input.shopIds?.length ? input.shopIds : null);
      carry.selectionSize = await bookkeeping.prepareBulkSelection({ jobId, selection: input.selection });
      if (input.operation === 'export') {
        progress.total = carry.selectionSize;
      } else {
        progress.total = carry.selectionSize * carry.shops.length;
        for (const s of carry.shops) progress.perShop[String(s.shopId)] = zeroCounters(carry.selectionSize);
      }
    }
    const selectionSize = carry.selectionSize;
    if (carry.stage === 'plan' && !progress.plan) progress.plan = { create: 0, update: 0, delete: 0, skip: 0 };

    const nBatches = Math.ceil(selectionSize / t.batchSize);
    const keys = carry.stage === 'export' ? [EXPORT_KEY] : carry.shops.map((s) => String(s.shopId));
    const capOf = (key: string) => (key === EXPORT_KEY ? 4 : Math.max(1, Math.min(t.batchesPerShop, carry.shops.find((s) => String(s.shopId) === key)?.maxConcurrency ?? 1)));
    const inflight: Record<string, number> = {};
    for (const k of keys) {
      carry.nextBatch[k] ??= 0;
      inflight[k] = 0;
    }

    // Batches run in their own scope: a compensating job that hit a permanent failure cancels the batches still
    // running (they stop after their in-flight items), so undoing starts within seconds, not after whole batches.
    const workScope = new CancellationScope();
    const requestStop = (reason: string) => {
      if (carry.stopRequested) return;
      carry.stopRequested = true;
      carry.abortReason = reason;
      workScope.cancel();
    };
    const launch = async (key: string, index: number): Promise<void> => {
      const fromSeq = index * t.batchSize;
      const toSeq = Math.min(selectionSize, fromSeq + t.batchSize);
      try {
        if (carry.stage === 'export') {
          const n = await batch.exportBatch({ jobId, shopIds: carry.shops.map((s) => s.shopId), fromSeq, toSeq });
          progress.done += n;
          return;
        }
        const r: BatchResult = await batch.runBulkBatch({
          jobId,
          shopId: Number(key),
          stage: carry.stage,
          operation: input.operation as Exclude<BulkInput['operation'], 'export'>,
          fromSeq,
          toSeq,
          force: input.force ?? false,
          onFailure,
        });
        if (carry.stage === 'plan') {
          progress.plan!.create += r.planCreate;
          progress.plan!.update += r.planUpdate;
          progress.plan!.delete += r.planDelete;
          progress.plan!.skip += r.planSkip;
          addCounts(progress, key, { ...r, created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0 });
        } else addCounts(progress, key, r);
        if (r.aborted) requestStop(`product ${r.firstFailure?.productId} in shop ${key} failed: ${r.firstFailure?.code}: ${r.firstFailure?.message}`);
      } catch (err) {
        if (isCancellation(err)) {
          // The batch stopped early: what its items did is recorded; count it once.
          if (carry.stage !== 'export') {
            const c = await CancellationScope.nonCancellable(() => bookkeeping.countBatchOutcomes({ jobId, shopId: Number(key), fromSeq, toSeq, stage: carry.stage as 'work' }));
            addCounts(progress, key, c);
          }
          return;
        }
        // Retries exhausted (or a non-item failure): the batch's unfinished items are failures of this job.
        const f = failureOf(err);
        const c = await CancellationScope.nonCancellable(() =>
          bookkeeping.failUnprocessedItems({ jobId, shopId: Number(key), fromSeq, toSeq, stage: carry.stage as 'work', action: input.operation, code: f.code, message: f.message }),
        );
        addCounts(progress, key, c);
        if (onFailure === 'compensate') requestStop(`batch ${fromSeq}-${toSeq} of shop ${key} failed: ${f.code}: ${f.message}`);
      }
    };

    // ---- the sliding window over (shop, batch) units ------------------------------------------------------
    for (;;) {
      let startedThisRun = 0;
      setPhase(progress, carry.stage === 'plan' ? 'planning' : carry.stage === 'export' ? 'exporting' : 'running');
      for (;;) {
        const timeToRoll = startedThisRun >= t.maxUnitsPerRun || workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > MAX_HISTORY_EVENTS;
        if (!progress.paused && !carry.stopRequested && !timeToRoll) {
          for (const k of keys) {
            while (inflight[k] < capOf(k) && running < t.window && carry.nextBatch[k] < nBatches && startedThisRun < t.maxUnitsPerRun) {
              const index = carry.nextBatch[k]++;
              startedThisRun++;
              running++;
              progress.inFlightBatches = running;
              inflight[k]++;
              void workScope.run(() => launch(k, index)).finally(() => {
                running--;
                progress.inFlightBatches = running;
                inflight[k]--;
                tick++;
              });
            }
          }
        }
        const allStarted = keys.every((k) => carry.nextBatch[k] >= nBatches);
        if (running === 0 && (allStarted || carry.stopRequested || timeToRoll)) {
          if (!allStarted && !carry.stopRequested) {
            // Fresh history for the rest: carry counters and cursors only.
            await condition(allHandlersFinished);
            progress.runIndex++;
            log.info('continuing as new', { runIndex: progress.runIndex, nextBatch: carry.nextBatch });
            return await continueAsNew<typeof bulkOperationWorkflow>({ ...input, carry });
          }
          break;
        }
        const seen = tick;
        if (progress.paused && running === 0) {
          // A pause is bounded: the job resumes by itself when nobody resumes it.
          if (!(await condition(() => tick !== seen, pauseRemainingMs(progress))) && progress.paused) autoResume(progress);
        } else {
          await condition(() => tick !== seen);
        }
      }
      if (carry.stopRequested) throw ApplicationFailure.create({ type: 'ppm.BULK_ABORTED', message: carry.abortReason ?? 'aborted', nonRetryable: true });

      if (carry.stage !== 'plan') break;
      // ---- preview: wait for confirm / discard / expiry, then apply exactly the stored plan --------------
      const ttl = t.previewTtlMs;
      progress.confirmBy ??= new Date(Date.now() + ttl).toISOString();
      setPhase(progress, 'awaiting_confirmation');
      const remaining = Math.max(0, Date.parse(progress.confirmBy) - Date.now());
      const decided = await condition(() => controls.decision !== null, remaining);
      if (!decided || controls.decision === 'discard') {
        setPhase(progress, decided ? 'discarded' : 'expired');
        publishFinal(progress);
        return progress;
      }
      carry.stage = 'apply-plan';
      for (const k of keys) carry.nextBatch[k] = 0;
      Object.assign(progress, { done: 0, created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0 });
      for (const k of keys) progress.perShop[k] = zeroCounters(carry.selectionSize);
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    const cancelled = isCancellation(err);
    await CancellationScope.nonCancellable(async () => {
      // Let cancelled batches acknowledge before undoing anything (no write may race the compensation).
      await condition(() => running === 0);
      if (onFailure === 'compensate' && carry.stage !== 'plan' && carry.stage !== 'export') {
        setPhase(progress, 'compensating');
        for (const s of [...carry.shops].reverse()) {
          try {
            const r = await undo.compensateBulkShop({ jobId, shopId: s.shopId });
            progress.compensated += r.undone;
            progress.compensationFailed += r.failed;
          } catch (compErr) {
            const f = failureOf(compErr);
            progress.compensationFailed += await bookkeeping.flagPendingUndos({ jobId, shopId: s.shopId, code: f.code, message: f.message });
          }
        }
      }
      if (!progress.message) progress.message = cancelled ? 'cancelled by request' : (carry.abortReason ?? failureOf(err).message);
      setPhase(progress, cancelled ? 'cancelled' : 'failed');
      publishFinal(progress);
    });
    if (cancelled) throw err;
    throw ApplicationFailure.create({ type: 'ppm.BULK_FAILED', message: progress.message ?? 'bulk job failed', nonRetryable: true, details: [progress] });
  }
  setPhase(progress, 'completed');
  publishFinal(progress);
  return progress;
}

