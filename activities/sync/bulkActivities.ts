import { activityInfo, Context, heartbeat, log } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { exportProductFields } from '../../src/catalog/productLookups';
import { BatchOutcomes } from '../../src/shopPush/batchOutcomes';
import { ExportRows } from '../../src/shopPush/exportRows';
import { JobSelection } from '../../src/shopPush/jobSelection';
import { PlanStore } from '../../src/shopPush/planStore';
import { UndoLog } from '../../src/shopPush/undoLog';
import { type BatchRunContext, type BulkBatchInput, runBatchPipeline } from '../../src/shopPush/batchPipeline';
import { CreatedCategories } from '../../src/shopPush/categories/createdCategories';
import { undoJobImages } from '../../src/shopPush/images/pushProductImages';
import { loadShopPayloads, loadShopSettings } from '../../src/shopPush/catalogueSnapshot';
import { LedgerStore } from '../../src/shopPush/ledgerStore';
import { payloadHash } from '../../src/shopPush/payloadHash';
import { undoStep } from '../../src/shopPush/pushItem';
import type { ShopGatewayOpener } from '../../src/shopPush/shopGatewayOpener';
import type { BatchCounts, BatchResult, BulkSelection } from '../../workflows/syncTypes';
import { mapConnectorErrors } from '../connectorFailure';
import type { ActivityDeps } from '../deps';
import { permanentItemFailure } from '../../src/shopPush/itemFailure';
import { applyStoredPlanItem, type ItemDone, type ItemScope, previewItem, syncItem } from '../../src/shopPush/itemProcessor';
import { currentRunId } from './activityRun';
import { withShopSession } from './shopSession';

interface BatchCheckpoint {
  nextSeq: number;
  counts: BatchCounts;
}

export const ZERO_COUNTS: BatchCounts = {
  processed: 0,
  created: 0,
  updated: 0,
  deleted: 0,
  skippedUnchanged: 0,
  skippedOther: 0,
  failed: 0,
  planCreate: 0,
  planUpdate: 0,
  planDelete: 0,
  planSkip: 0,
};

function count(c: BatchCounts, done: ItemDone): void {
  if (done.outcome === 'created') c.created++;
  else if (done.outcome === 'updated') c.updated++;
  else if (done.outcome === 'deleted') c.deleted++;
  else if (done.skipReason === 'unchanged') c.skippedUnchanged++;
  else c.skippedOther++;
}

type SyncDeps = ActivityDeps & { shopGateways: ShopGatewayOpener };

/** The running activity as the batch pipeline sees it: its cancellation, its workflow run, its log. */
function batchRunContext(): BatchRunContext {
  return { signal: Context.current().cancellationSignal, runId: currentRunId(), log, cancelled: (reason) => new CancelledFailure(reason) };
}

/** Activities of bulkOperationWorkflow: set-based preparation, then batches of a few hundred items per call. */
export function createBulkActivities(deps: SyncDeps) {
  const ledger = new LedgerStore(deps.sequelize);
  const selection = new JobSelection(deps.sequelize);
  const exportRows = new ExportRows(deps.sequelize);
  const plans = new PlanStore(deps.sequelize);
  const undoLog = new UndoLog(deps.sequelize);
  const outcomes = new BatchOutcomes(deps.sequelize);

  return {
    /** Materialises the job's selection (explicit ids were stored by the API) and returns its size. */
    async prepareBulkSelection(input: { jobId: string; selection: BulkSelection }): Promise<number> {
      if (input.selection.kind === 'filter') await selection.materializeFilter(input.jobId, input.selection.filter);
      return selection.size(input.jobId);
    },

    /**
     * One batch of one shop (src/shopPush/batchPipeline.ts): items run concurrently up to the shop's lanes, each retrying its own
     * transient failures; a retried batch resumes with the items that have no outcome yet; counters are read back
     * from the recorded outcomes. Permanent item failures are recorded and skipped (onFailure=continue) or stop
     * the batch (onFailure=compensate).
     */
    runBulkBatch: mapConnectorErrors(async (input: BulkBatchInput): Promise<BatchResult> => {
      return withShopSession(deps, input.shopId, (s) => runBatchPipeline({ sequelize: deps.sequelize, catalogDefaultLanguage: deps.catalogDefaultLanguage, ledger, selection, plans, undoLog }, input, s, batchRunContext()), { maxLanes: 1 });
    }),

    /** The counters of a batch range as recorded (a batch that was cancelled part-way). */
    async countBatchOutcomes(input: { jobId: string; shopId: number; fromSeq: number; toSeq: number; stage: BulkBatchInput['stage'] }): Promise<BatchCounts> {
      return outcomes.counts(input.jobId, input.shopId, input.fromSeq, input.toSeq, input.stage);
    },

    /** Records every item of a batch range that has no outcome in this job yet as failed (retries exhausted). */
    async failUnprocessedItems(input: { jobId: string; shopId: number; fromSeq: number; toSeq: number; stage: BulkBatchInput['stage']; action: string; code: string; message: string }): Promise<BatchCounts> {
      const productIds = await outcomes.unrecorded(input.jobId, input.shopId, input.fromSeq, input.toSeq, input.stage);
      for (const productId of productIds) {
        await ledger.failure(input.jobId, productId, input.shopId, input.action, input.code, input.message);
        await ledger.history(input.jobId, currentRunId(), productId, input.shopId, input.action === 'delete' ? 'delete' : input.action === 'update' ? 'update' : 'create', 'failed', {
          errorCode: input.code,
          message: input.message,
        });
      }
      // The whole range, read back: the items the failed batch did finish count too (once).
      return outcomes.counts(input.jobId, input.shopId, input.fromSeq, input.toSeq, input.stage);
    },

    /**
     * Undoes everything this job changed in one shop, newest first, from the undo log (so it survives
     * continue-as-new and worker crashes). Each step is idempotent; a step that fails permanently flags the
     * ledger row and the job failure list, and the rest continues.
     */
    compensateBulkShop: mapConnectorErrors(async (input: { jobId: string; shopId: number }): Promise<{ undone: number; failed: number }> => {
      const resume = activityInfo().heartbeatDetails as { undone: number; failed: number } | undefined;
      const totals = { undone: resume?.undone ?? 0, failed: resume?.failed ?? 0 };
      const settings = await loadShopSettings(deps.sequelize, input.shopId);
      if (!settings) return totals;
      return withShopSession(deps, input.shopId, async (s) => {
        for (;;) {
          const page = await undoLog.pendingUndos(input.jobId, input.shopId, 100);
          if (page.length === 0) {
            // Products are back; then their images, then the shop categories the job created (nothing refers to them now).
            if (s.gateway.images) await undoJobImages({ sequelize: deps.sequelize, port: s.gateway.images, shopId: input.shopId, jobId: input.jobId });
            if (s.gateway.categories) await new CreatedCategories(deps.sequelize, input.jobId, input.shopId).undo(s.gateway.categories);
            return totals;
          }
          for (const u of page) {
            try {
              const remoteId = await undoStep(s.gateway, u.step);
              await ledger.restore(u.productId, u.shopId, remoteId === null ? null : { remoteId, payloadHash: u.prevLedger?.payloadHash ?? null });
              await undoLog.markUndo(input.jobId, u.shopId, u.productId, 'done');
              await ledger.history(input.jobId, currentRunId(), u.productId, u.shopId, 'compensate', 'success', { message: u.step.kind });
              totals.undone++;
            } catch (e) {
              const failure = permanentItemFailure(e);
              if (!failure) throw e;
              await undoLog.markUndo(input.jobId, u.shopId, u.productId, 'failed');
              await ledger.flagCompensationFailed(u.productId, u.shopId, failure.code, failure.message);
              await ledger.failure(input.jobId, u.productId, u.shopId, 'compensate', failure.code, failure.message);
              totals.failed++;
            }
            heartbeat(totals);
          }
        }
      });
    }),

    /** Gives up the remaining undo steps of a shop (compensation retries exhausted): flags each ledger row. */
    async flagPendingUndos(input: { jobId: string; shopId: number; code: string; message: string }): Promise<number> {
      let n = 0;
      for (;;) {
        const page = await undoLog.pendingUndos(input.jobId, input.shopId, 500);
        if (page.length === 0) return n;
        for (const u of page) {
          await undoLog.markUndo(input.jobId, u.shopId, u.productId, 'failed');
          await ledger.flagCompensationFailed(u.productId, u.shopId, input.code, input.message);
          await ledger.failure(input.jobId, u.productId, u.shopId, 'compensate', input.code, input.message);
          n++;
        }
      }
    },

    /** Export: snapshots central fields and per-shop state of a range of the selection into job_export_rows. */
    async exportBatch(input: { jobId: string; shopIds: number[]; fromSeq: number; toSeq: number }): Promise<number> {
      const rows = await selection.range(input.jobId, input.fromSeq, input.toSeq);
      const ids = rows.map((r) => r.productId);
      const products = await exportProductFields(deps.sequelize, ids);
      const byId = new Map(products.map((p) => [p.id, p]));
      const perShop = new Map<number, Record<string, unknown>>();
      for (const shopId of input.shopIds) {
        const settings = await loadShopSettings(deps.sequelize, shopId);
        if (!settings) continue;
        const payloads = await loadShopPayloads(deps.sequelize, ids, settings, deps.catalogDefaultLanguage);
        const ledgerRows = await ledger.read(shopId, ids);
        for (const id of ids) {
          const p = payloads.get(id);
          const l = ledgerRows.get(id);
          const entry = perShop.get(id) ?? {};
          entry[String(shopId)] = {
            remoteId: l?.remoteId ?? null,
            inSync: Boolean(p && l?.payloadHash && l.payloadHash === payloadHash(p)),
            name: p ? Object.values(p.name)[0] ?? null : null,
            price: p?.price ?? null,
            active: p?.active ?? null,
          };
          perShop.set(id, entry);
        }
      }
      await exportRows.store(
        input.jobId,
        rows.filter((r) => byId.has(r.productId)).map((r) => ({ seq: r.seq, row: { ...byId.get(r.productId), shops: perShop.get(r.productId) ?? {} } })),
      );
      heartbeat(rows.length);
      return rows.length;
    },
  };
}
