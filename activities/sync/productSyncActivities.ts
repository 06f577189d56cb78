import { prepareShopCategories } from '../../src/shopPush/categories/prepareShopCategories';
import { CreatedCategories } from '../../src/shopPush/categories/createdCategories';
import { imageStep } from '../../src/shopPush/images/imageStep';
import { undoJobImages } from '../../src/shopPush/images/pushProductImages';
import { refusedForMissingTranslations } from '../../src/shopPush/translations/missingTranslations';
import { activityInfo, log } from '@temporalio/activity';
import { PlanStore } from '../../src/shopPush/planStore';
import { UndoLog } from '../../src/shopPush/undoLog';
import { loadShopPayloads } from '../../src/shopPush/catalogueSnapshot';
import { shopTargets } from '../../src/shops/shopLookups';
import { type HistoryAction, LedgerStore } from '../../src/shopPush/ledgerStore';
import { type ItemOperation, type PlannedAction, undoStep, type UndoStep } from '../../src/shopPush/pushItem';
import type { ShopGatewayOpener } from '../../src/shopPush/shopGatewayOpener';
import { ConnectorError } from '../../src/errors/ConnectorError';
import type { ShopRef } from '../../workflows/syncTypes';
import { mapConnectorErrors, toActivityFailure } from '../connectorFailure';
import type { ActivityDeps } from '../deps';
import { applyStoredPlanItem, type ItemDone, type ItemScope, previewItem, syncItem } from '../../src/shopPush/itemProcessor';
import { currentRunId } from './activityRun';
import { withShopSession } from './shopSession';

export interface ProductShopTask {
  jobId: string;
  productId: number;
  shopId: number;
  force: boolean;
  operation?: ItemOperation;
}

export interface ProductShopPreview {
  action: PlannedAction;
  changedFields: string[];
}

type SyncDeps = ActivityDeps & { shopGateways: ShopGatewayOpener };

/** Activities of productSyncWorkflow: one product, one shop per call (retried as a whole). */
export function createProductSyncActivities(deps: SyncDeps) {
  const ledger = new LedgerStore(deps.sequelize);
  const plans = new PlanStore(deps.sequelize);
  const undoLog = new UndoLog(deps.sequelize);

  /** What this workflow run's compensation undoes besides the product (its images, categories it created). */
  const undoKey = (jobId: string) => `${jobId}#${currentRunId() ?? ''}`;

  async function itemInput(task: ProductShopTask, settings: Parameters<typeof loadShopPayloads>[2], gateway?: ItemScope['gateway'], writes = false) {
    if ((task.operation ?? 'sync') !== 'delete') {
      const refusal = (await refusedForMissingTranslations(deps.sequelize, settings, [task.productId], deps.catalogDefaultLanguage ?? 'pl')).get(task.productId);
      if (refusal) throw refusal;
    }
    if (gateway) await prepareShopCategories(deps.sequelize, gateway, settings, [task.productId], deps.catalogDefaultLanguage, writes ? undoKey(task.jobId) : undefined);
    const payloads = await loadShopPayloads(deps.sequelize, [task.productId], settings, deps.catalogDefaultLanguage);
    const ledgerRows = await ledger.read(task.shopId, [task.productId]);
    const payload = payloads.get(task.productId) ?? null;
    return {
      productId: task.productId,
      seq: 0,
      reference: payload?.reference ?? null,
      payload,
      ledger: ledgerRows.get(task.productId),
      operation: task.operation ?? 'sync',
      force: task.force,
      logUndo: false,
    };
  }

  const scopeFor = (jobId: string, shopId: number, gateway: ItemScope['gateway']): ItemScope => ({
    ledger,
    plans,
    undoLog,
    gateway,
    jobId,
    runId: currentRunId(),
    shopId,
    afterWrite: imageStep(deps.sequelize, gateway, shopId, undoKey(jobId), true),
  });

  return {
    /** Active shops among `shopIds` (all active shops when omitted), with their concurrency caps. */
    async resolveSyncShops(shopIds: number[] | null): Promise<ShopRef[]> {
      const rows = await shopTargets(deps.sequelize, shopIds);
      const missing = (shopIds ?? []).filter((id) => !rows.some((r) => r.id === id));
      const inactive = rows.filter((r) => shopIds && !r.active).map((r) => r.id);
      if (missing.length || inactive.length) {
        throw toActivityFailure(
          new ConnectorError({
            system: 'prestashop',
            code: 'CONFIGURATION',
            message: `${missing.length ? `unknown shops: ${missing.join(', ')}` : ''}${missing.length && inactive.length ? '; ' : ''}${inactive.length ? `inactive shops: ${inactive.join(', ')}` : ''}`,
          }),
        );
      }
      return rows.filter((r) => r.active).map((r) => ({ shopId: r.id, name: r.name, maxConcurrency: r.maxConcurrency }));
    },

    /** Pushes one product to one shop (create or update, or skip when the ledger says unchanged). */
    syncProductToShop: mapConnectorErrors(async (task: ProductShopTask): Promise<ItemDone> => {
      return withShopSession(deps, task.shopId, async (s) => {
        const done = await syncItem(scopeFor(task.jobId, task.shopId, s.gateway), await itemInput(task, s.settings, s.gateway, true));
        log.info('product pushed', { productId: task.productId, shopId: task.shopId, outcome: done.outcome });
        return done;
      });
    }),

    /** Preview: stores what a push would change in one shop; writes nothing there. */
    previewProductInShop: mapConnectorErrors(async (task: ProductShopTask): Promise<ProductShopPreview> => {
      return withShopSession(deps, task.shopId, async (s) => {
        const plan = await previewItem(scopeFor(task.jobId, task.shopId, s.gateway), await itemInput(task, s.settings, s.gateway));
        return { action: plan.action, changedFields: plan.changes.map((c) => c.field) };
      });
    }),

    /** Confirmed preview: applies the stored plan item of this product and shop. */
    applyPreviewedProduct: mapConnectorErrors(async (task: ProductShopTask): Promise<ItemDone> => {
      return withShopSession(deps, task.shopId, async (s) => {
        const [stored] = (await plans.planRange(task.jobId, task.shopId, 0, 1)).filter((p) => p.productId === task.productId);
        if (!stored) throw new ConnectorError({ system: 'prestashop', code: 'NOT_FOUND', message: `no stored plan for product ${task.productId} in shop ${task.shopId}` });
        return applyStoredPlanItem(scopeFor(task.jobId, task.shopId, s.gateway), await itemInput(task, s.settings), stored);
      });
    }),

    /** Saga compensation of one shop, idempotent (delete if exists / put the before-image back). */
    compensateProductInShop: mapConnectorErrors(
      async (input: { jobId: string; productId: number; shopId: number; undo: UndoStep | null; prevLedger: { remoteId: number | null; payloadHash: string | null } | null }): Promise<void> => {
        await withShopSession(deps, input.shopId, async (s) => {
          if (input.undo) {
            const remoteId = await undoStep(s.gateway, input.undo);
            await ledger.restore(input.productId, input.shopId, remoteId === null ? null : { remoteId, payloadHash: input.prevLedger?.payloadHash ?? null });
          }
          const key = undoKey(input.jobId);
          if (s.gateway.images) await undoJobImages({ sequelize: deps.sequelize, port: s.gateway.images, shopId: input.shopId, jobId: key });
          if (s.gateway.categories) await new CreatedCategories(deps.sequelize, key, input.shopId).undo(s.gateway.categories);
          await ledger.history(input.jobId, currentRunId(), input.productId, input.shopId, 'compensate', 'success', { message: input.undo?.kind ?? 'images' });
        });
      },
    ),

    /** Records a per-item failure: job failure list, ledger error, history. */
    async recordItemFailure(input: { jobId: string; productId: number; shopId: number; action: string; code: string; message: string }): Promise<void> {
      await ledger.failure(input.jobId, input.productId, input.shopId, input.action, input.code, input.message);
      await ledger.recordError(input.productId, input.shopId, input.code, input.message);
      await ledger.history(input.jobId, currentRunId(), input.productId, input.shopId, historyAction(input.action), 'failed', {
        errorCode: input.code,
        message: input.message,
      });
    },

    /** A compensation gave up: flag the ledger row so an operator sees it. */
    async flagCompensationFailure(input: { jobId: string; productId: number; shopId: number; code: string; message: string }): Promise<void> {
      await ledger.flagCompensationFailed(input.productId, input.shopId, input.code, input.message);
      await ledger.failure(input.jobId, input.productId, input.shopId, 'compensate', input.code, input.message);
      await ledger.history(input.jobId, currentRunId(), input.productId, input.shopId, 'compensate', 'failed', {
        errorCode: input.code,
        message: input.message,
      });
    },
  };
}

function historyAction(action: string): HistoryAction {
  return (['create', 'update', 'delete', 'skip', 'compensate', 'export'] as const).find((a) => a === action) ?? 'update';
}
