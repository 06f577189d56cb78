import { ApplicationFailure, CancellationScope, condition, isCancellation, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addCounts, failureOf, newProgress, publishFinal, setPhase, zeroCounters } from './jobProgress';
import { autoResume, DEFAULT_MAX_PAUSE_MS, pauseRemainingMs, registerJobHandlers } from './jobHandlers';
import { COMPENSATION, DATABASE, SHOP_CALL } from './syncActivityOptions';
import type { JobProgress, ProductSyncInput } from './syncTypes';

/** Workflow patch id: image-only writes go onto the undo stack (added with the image push). */
const IMAGE_ONLY_WRITES_UNDONE = 'image-only-writes-undone';

const shopCalls = proxyActivities<Activities>(SHOP_CALL);
const compensations = proxyActivities<Activities>(COMPENSATION);
const bookkeeping = proxyActivities<Activities>(DATABASE);

type ItemDone = Awaited<ReturnType<Activities['syncProductToShop']>>;

/** A single-product preview holds the product's sync id: it expires after at most an hour. */
const DEFAULT_PREVIEW_TTL_MS = 30 * 60 * 1000;
const MAX_PREVIEW_TTL_MS = 60 * 60 * 1000;

/**
 * One product to one or more shops, shop after shop, as a saga: when a shop fails permanently (non-retryable
 * error or retries exhausted) or the job is cancelled, the shops this run already changed are put back, newest
 * first, in a non-cancellable scope (a created product is deleted if it exists, an updated one gets its
 * before-image back). A compensation that cannot complete flags the ledger row. Delta: a shop whose ledger hash
 * equals the payload hash is skipped without a write. mode "preview" stores the plan and waits for confirm.
 */
export async function productSyncWorkflow(input: ProductSyncInput): Promise<JobProgress> {
  const info = workflowInfo();
  const jobId = info.workflowId;
  const mode = input.mode ?? 'apply';
  const progress = newProgress(jobId, 'product-sync', 'sync', mode, info.startTime.toISOString());
  const controls = registerJobHandlers(progress, input.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS);

  setPhase(progress, 'preparing');
  const shops = await bookkeeping.resolveSyncShops(input.shopIds?.length ? input.shopIds : null);
  progress.total = shops.length;
  for (const s of shops) progress.perShop[String(s.shopId)] = zeroCounters(1);

  const planned = new Map<number, string>();
  if (mode === 'preview') {
    setPhase(progress, 'planning');
    progress.plan = { create: 0, update: 0, delete: 0, skip: 0 };
    for (const shop of shops) {
      const p = await shopCalls.previewProductInShop({ jobId, productId: input.productId, shopId: shop.shopId, force: input.force ?? false });
      planned.set(shop.shopId, p.action);
      progress.plan[p.action]++;
    }
    const ttl = Math.min(input.previewTtlMs ?? DEFAULT_PREVIEW_TTL_MS, MAX_PREVIEW_TTL_MS);
    progress.confirmBy = new Date(Date.now() + ttl).toISOString();
    setPhase(progress, 'awaiting_confirmation');
    const decided = await condition(() => controls.decision !== null, ttl);
    if (!decided || controls.decision === 'discard') {
      setPhase(progress, decided ? 'discarded' : 'expired');
      publishFinal(progress);
      return progress;
    }
  }

  setPhase(progress, 'running');
  const undoStack: Array<{ shopId: number; done: ItemDone }> = [];
  try {
    for (const shop of shops) {
      if (progress.paused && !(await condition(() => !progress.paused, pauseRemainingMs(progress)))) autoResume(progress);
      const key = String(shop.shopId);
      const task = { jobId, productId: input.productId, shopId: shop.shopId, force: input.force ?? false };
      try {
        const done =
          mode === 'preview'
            ? planned.get(shop.shopId) === 'skip'
              ? ({ outcome: 'skipped', skipReason: 'unchanged', remoteId: null, undo: null, prevLedger: null } satisfies ItemDone)
              : await shopCalls.applyPreviewedProduct(task)
            : await shopCalls.syncProductToShop(task);
        addCounts(progress, key, {
          processed: 1,
          created: done.outcome === 'created' ? 1 : 0,
          updated: done.outcome === 'updated' ? 1 : 0,
          deleted: 0,
          skippedUnchanged: done.outcome === 'skipped' && done.skipReason === 'unchanged' ? 1 : 0,
          skippedOther: done.outcome === 'skipped' && done.skipReason !== 'unchanged' ? 1 : 0,
          failed: 0,
        });
        // A write (product or only its images) is undone by compensation. Runs started before image writes were
        // compensated replay without the patch: they undo only writes that carry an undo record, as they did.
        const wrote = done.outcome === 'created' || done.outcome === 'updated';
        if (done.undo || (wrote && patched(IMAGE_ONLY_WRITES_UNDONE))) undoStack.unshift({ shopId: shop.shopId, done });
      } catch (err) {
        if (isCancellation(err)) throw err;
        const f = failureOf(err);
        addCounts(progress, key, { processed: 1, created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 1 });
        await bookkeeping.recordItemFailure({ jobId, productId: input.productId, shopId: shop.shopId, action: 'sync', code: f.code, message: f.message });
        progress.message = `shop ${shop.shopId} failed: ${f.code}: ${f.message}`;
        throw ApplicationFailure.create({ type: 'ppm.SYNC_FAILED', message: progress.message, nonRetryable: true });
      }
    }
  } catch (err) {
    const cancelled = isCancellation(err);
    await CancellationScope.nonCancellable(async () => {
      if (undoStack.length) setPhase(progress, 'compensating');
      for (const { shopId, done } of undoStack) {
        try {
          await compensations.compensateProductInShop({ jobId, productId: input.productId, shopId, undo: done.undo, prevLedger: done.prevLedger });
          progress.compensated++;
        } catch (compErr) {
          const f = failureOf(compErr);
          progress.compensationFailed++;
          await bookkeeping.flagCompensationFailure({ jobId, productId: input.productId, shopId, code: f.code, message: f.message });
        }
      }
      setPhase(progress, cancelled ? 'cancelled' : 'failed');
      publishFinal(progress);
    });
    if (cancelled) throw err;
    throw ApplicationFailure.create({
      type: 'ppm.SYNC_FAILED',
      message: `${progress.message ?? failureOf(err).message}; ${progress.compensated} shop(s) restored${progress.compensationFailed ? `, ${progress.compensationFailed} could not be restored (flagged in the ledger)` : ''}`,
      nonRetryable: true,
      details: [progress],
    });
  }
  setPhase(progress, 'completed');
  publishFinal(progress);
  return progress;
}

