import { productSkus } from '../catalog/productLookups';
import { BatchOutcomes, type BatchStage } from './batchOutcomes';
import type { JobSelection } from './jobSelection';
import type { PlanStore, StoredPlanItem } from './planStore';
import type { UndoLog } from './undoLog';
import { prepareShopCategories } from './categories/prepareShopCategories';
import { imageStep, productsWithImageWork } from './images/imageStep';
import { refusedForMissingTranslations } from './translations/missingTranslations';
import { loadShopPayloads, type ShopSettings } from './catalogueSnapshot';
import { isConnectorError } from '../errors/ConnectorError';
import { abortableSleeper, ItemRetriesExhausted, withItemRetries } from './itemRetry';
import type { LedgerStore } from './ledgerStore';
import type { ShopGateway } from './shopGateway';
import type { BatchResult, BulkOperation, OnFailure } from '../../workflows/syncTypes';
import { permanentItemFailure } from './itemFailure';
import { applyStoredPlanItem, type ItemInput, type ItemScope, previewItem, syncItem } from './itemProcessor';
import { OutcomeRecorder } from './outcomeRecorder';
import type { Sequelize } from 'sequelize';
import { watchBatch } from './pipelineGauge';

/** How often a running batch beats: heartbeat (throttled by the SDK), lease renewal, taking lanes other batches freed. */
const BEAT_EVERY_MS = 100;

/** One batch of one shop: a half-open range of the job's selection, in one stage. */
export interface BulkBatchInput {
  jobId: string;
  shopId: number;
  stage: BatchStage;
  operation: Exclude<BulkOperation, 'export'>;
  /** Half-open range of selection sequence numbers. */
  fromSeq: number;
  toSeq: number;
  force: boolean;
  onFailure: OnFailure;
}

/** The shop lanes a batch runs in (a narrow port of the activity's shop session). */
export interface BatchLanes {
  gateway: ShopGateway;
  settings: ShopSettings;
  /** Heartbeats `details`, renews the leases now and then, asks for more lanes when wanted; throws when cancelled. */
  beat(details?: unknown): Promise<void>;
  /**
   * Gives lanes back so that only `n` (≥ 1) remain (the tail of a batch: another batch may use them); a lane that
   * carries a request is kept until a later call.
   */
  shrinkTo(n: number): Promise<void>;
  /**
   * Asks for up to `n` lanes now (taking the free ones at once, more as `beat` finds them freed): a batch works
   * with one lane while it prepares (catalogue reads, one reference lookup) and takes the others when its items
   * start, so lanes another batch could use do not sit idle behind its preparation.
   */
  growTo(n: number): Promise<void>;
  /** The lanes held right now (`size`) and how many of them carry a request (`busy`). */
  readonly lanes: { readonly size: number; readonly busy: number };
}

/** What the batch needs from the activity that runs it (the Temporal side stays in activities/). */
export interface BatchRunContext {
  /** Aborted when the workflow (or a worker shutdown) cancels the batch. */
  signal: AbortSignal;
  /** The run id of the workflow that scheduled the batch (history rows carry it). */
  runId: string | null;
  log: { info(message: string, meta: Record<string, unknown>): void; warn(message: string, meta: Record<string, unknown>): void };
  /** The error the batch throws when it stops because it was cancelled. */
  cancelled(reason: string): Error;
}

interface PipelineDeps {
  sequelize: Sequelize;
  /** The catalogue's default language (texts and category names fall back to it). */
  catalogDefaultLanguage?: string;
  ledger: LedgerStore;
  selection: JobSelection;
  plans: PlanStore;
  undoLog: UndoLog;
}

/** The item's failure as recorded: a permanent error as the shop said it, or the last error of an exhausted budget. */
function recordedFailure(e: unknown): { code: string; message: string } | null {
  if (e instanceof ItemRetriesExhausted) {
    const last = e.last;
    const code = isConnectorError(last) ? last.code : 'ERROR';
    return { code, message: e.message };
  }
  return permanentItemFailure(e);
}

/**
 * One batch of one shop: the items that have no outcome in this job yet (a retried batch resumes where its crashed
 * attempt stopped), run concurrently in the lanes the session holds. Each item retries its own retryable failures
 * (itemRetry.ts) while the others keep going; it fails only with a permanent error or an exhausted budget. The
 * batch's counters are read back from the rows the items recorded, so they are exact across crashes and retries.
 */
export async function runBatchPipeline(d: PipelineDeps, input: BulkBatchInput, s: BatchLanes, ctx: BatchRunContext): Promise<BatchResult> {
  const outcomes = new BatchOutcomes(d.sequelize);
  const { signal, log } = ctx;
  const sleep = abortableSleeper(signal);
  const rows = await d.selection.range(input.jobId, input.fromSeq, input.toSeq);
  const finished = await outcomes.finished(input.jobId, input.shopId, input.fromSeq, input.toSeq, input.stage);
  const todo = rows.filter((r) => !finished.has(r.productId));
  if (finished.size) log.info('resuming batch', { shopId: input.shopId, fromSeq: input.fromSeq, alreadyDone: finished.size, left: todo.length });
  let aborted = false;
  let firstFailure: BatchResult['firstFailure'] = null;

  if (todo.length > 0) {
    let cancelled = false;
    let done = 0;
    // Beats from the start, through the preparation too (catalogue reads, category creation, the reference lookup
    // and its retries can take longer than the heartbeat timeout on a slow shop): a batch that does not beat is
    // retried while it still runs.
    const watch = watchBatch(input.shopId);
    const ticker = setInterval(() => {
      s.beat({ done }).catch(() => {
        cancelled = true;
      });
    }, BEAT_EVERY_MS);
    try {
      const ids = todo.map((r) => r.productId);
      if (input.stage !== 'apply-plan') {
        await prepareShopCategories(d.sequelize, s.gateway, s.settings, ids, d.catalogDefaultLanguage, input.onFailure === 'compensate' && input.stage === 'work' ? input.jobId : undefined);
      }
      const payloads = input.stage === 'apply-plan' ? new Map() : await loadShopPayloads(d.sequelize, ids, s.settings, d.catalogDefaultLanguage);
      const refused = input.operation === 'delete' || input.stage === 'apply-plan' ? new Map() : await refusedForMissingTranslations(d.sequelize, s.settings, ids, d.catalogDefaultLanguage ?? 'pl');
      const skus = await productSkus(d.sequelize, ids);
      const ledgerRows = await d.ledger.read(input.shopId, ids);
      const planned: Map<number, StoredPlanItem> | null =
        input.stage === 'apply-plan' ? new Map((await d.plans.planRange(input.jobId, input.shopId, input.fromSeq, input.toSeq)).map((p) => [p.productId, p])) : null;
      const recorder = new OutcomeRecorder(d.sequelize, { jobId: input.jobId, runId: ctx.runId, shopId: input.shopId });
      let next = 0;
      let running = 0;
      /** Items of `running` that sleep (before a retry, or out a late-create window): they need no lane meanwhile. */
      let asleep = 0;
      let resizing: Promise<void> = Promise.resolve();
      let resizeQueued = false;
      /** Lanes the unfinished items may need now: the sleeping ones need none. */
      const lanesNeeded = () => Math.min(s.settings.maxConcurrency, Math.max(1, running - asleep));
      /**
       * The tail of the batch (every item started): holds the lanes its unfinished items need, no more, as items
       * finish, go to sleep or wake, so the shop's next batch prepares and starts its items while this one's slowest
       * items (a late-create window, a Retry-After, a backoff) end, instead of the shop idling behind them; waking
       * items take lanes back as they are free. At least one lane stays (a retried attempt of this batch must not
       * start while an item of this one may still send, see withShopSession), and a lane carrying a request is never
       * given back (shrinkTo).
       */
      const fitLanes = () => {
        if (next < items.length || resizeQueued || lanesNeeded() === s.lanes.size) return;
        resizeQueued = true;
        resizing = resizing
          .then(() => {
            resizeQueued = false;
            const n = lanesNeeded();
            if (n < s.lanes.size) return s.shrinkTo(n);
            if (n > s.lanes.size) return s.growTo(n);
          })
          .catch(() => undefined);
      };
      const doze = async (ms: number) => {
        asleep++;
        fitLanes();
        try {
          await sleep(ms);
        } finally {
          asleep--;
          fitLanes();
        }
      };
      // Item workers: a fixed set, plus one for each item that waits aside (spawned while the batch runs).
      const pool: Array<Promise<void>> = [];
      const spawn = () => {
        const w = worker();
        w.catch(() => undefined); // seen by the allSettled below; never an unhandled rejection meanwhile
        pool.push(w);
      };
      const scope: ItemScope = {
        ledger: d.ledger,
        plans: d.plans,
        undoLog: d.undoLog,
        gateway: s.gateway,
        jobId: input.jobId,
        runId: ctx.runId,
        shopId: input.shopId,
        recorder,
        // An item waiting out a late-create window holds no lane and no item slot: another item starts meanwhile.
        waitAside: async (ms) => {
          spawn();
          await doze(ms);
        },
        afterWrite: input.stage === 'plan' ? undefined : imageStep(d.sequelize, s.gateway, input.shopId, input.jobId, false, s.gateway.images ? await productsWithImageWork(d.sequelize, input.shopId, ids) : undefined),
      };
      const beforeImage = input.onFailure === 'compensate' || input.stage === 'plan';
      const items: ItemInput[] = todo.map((row) => ({
        productId: row.productId,
        seq: row.seq,
        reference: payloads.get(row.productId)?.reference ?? skus.get(row.productId) ?? null,
        payload: payloads.get(row.productId) ?? null,
        ledger: ledgerRows.get(row.productId),
        operation: input.operation,
        force: input.force,
        logUndo: input.onFailure === 'compensate',
      }));

      // One lookup call per 100 references for the items the ledger cannot place (instead of one per item).
      let known = new Map<string, number[]>();
      let lookedUp = false;
      const toLocate = input.stage === 'apply-plan' ? [] : items.filter((i) => i.reference !== null && !i.ledger?.remoteId).map((i) => i.reference!);
      if (toLocate.length > 0) {
        try {
          known = await withItemRetries(() => s.gateway.findProductIdsByReferences(toLocate), { signal, sleep });
          lookedUp = true;
        } catch (e) {
          log.warn('batch reference lookup failed; items look themselves up', { shopId: input.shopId, error: (e as Error).message });
        }
      }

      // What existed at this job's first look (kept across attempts): our own earlier writes are counted as ours.
      const intents =
        input.stage === 'plan'
          ? new Map<number, { existed: boolean; earlier: boolean }>()
          : await outcomes.intents(
              input.jobId,
              input.shopId,
              items
                .filter((i) => i.ledger?.remoteId || (lookedUp && i.reference !== null))
                .map((i) => ({ productId: i.productId, existed: Boolean(i.ledger?.remoteId) || (known.get(i.reference!.trim())?.length ?? 0) > 0 })),
            );

      let stop = false;
      const runItem = async (item: ItemInput) => {
        await withItemRetries(
          async (tryNo) => {
            const hints = { knownIds: tryNo === 1 && item.reference !== null ? known.get(item.reference.trim()) : undefined, beforeImage };
            const refusal = refused.get(item.productId);
            if (refusal) throw refusal;
            const intent = intents.get(item.productId);
            item.earlier = intent && (intent.earlier || tryNo > 1) ? { existed: intent.existed } : null;
            if (input.stage === 'work') await syncItem(scope, item, hints);
            else if (input.stage === 'plan') await previewItem(scope, item, hints);
            else {
              const stored = planned!.get(item.productId);
              if (stored) await applyStoredPlanItem(scope, item, stored);
              else await d.ledger.history(input.jobId, ctx.runId, item.productId, input.shopId, 'skip', 'skipped', { message: 'not planned' });
            }
          },
          { signal, sleep: doze },
        );
      };
      const worker = async () => {
        for (;;) {
          if (stop || cancelled || signal.aborted || next >= items.length) return;
          const item = items[next++];
          running++;
          fitLanes();
          try {
            await runItem(item);
          } catch (e) {
            if (signal.aborted) return;
            const failure = recordedFailure(e);
            if (!failure) {
              stop = true;
              throw e;
            }
            await d.ledger.failure(input.jobId, item.productId, input.shopId, input.operation, failure.code, failure.message);
            await d.ledger.recordError(item.productId, input.shopId, failure.code, failure.message);
            await d.ledger.history(input.jobId, ctx.runId, item.productId, input.shopId, input.operation === 'delete' ? 'delete' : input.operation === 'update' ? 'update' : 'create', 'failed', {
              errorCode: failure.code,
              message: failure.message,
            });
            if (input.onFailure === 'compensate' && input.stage !== 'plan' && !stop) {
              stop = true;
              aborted = true;
              firstFailure = { productId: item.productId, ...failure };
            }
          } finally {
            running--;
            done++;
            fitLanes();
          }
        }
      };
      // More item workers than lanes: an item sleeping before a retry holds no lane, so another item uses it.
      const workers = Math.min(items.length, Math.max(2, s.settings.maxConcurrency * 2));
      try {
        watch.items(() => ({ lanesHeld: s.lanes.size, lanesBusy: s.lanes.busy, items: running, asleep, tail: next >= items.length }));
        await s.growTo(Math.min(items.length, s.settings.maxConcurrency));
        // Every worker ends before the batch does (not at the first failure): the session's leases are what keeps a
        // retried attempt from writing, and they are given back only when no request of this attempt is in flight.
        for (let i = 0; i < workers; i++) spawn();
        const ended: PromiseSettledResult<void>[] = [];
        while (ended.length < pool.length) ended.push(...(await Promise.allSettled(pool.slice(ended.length))));
        const failed = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      } finally {
        clearInterval(ticker);
        await resizing;
        // What finished is written even when the batch stops early (a cancelled batch is counted from its rows).
        await recorder.flush();
      }
      if (cancelled || signal.aborted) throw ctx.cancelled(String(signal.reason ?? 'activity cancelled'));
      await s.beat({ done });
    } finally {
      clearInterval(ticker);
      watch.end();
    }
  }
  const counts = await outcomes.counts(input.jobId, input.shopId, input.fromSeq, input.toSeq, input.stage);
  return { ...counts, aborted, firstFailure };
}
