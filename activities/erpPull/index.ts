import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { Context, log } from '@temporalio/activity';
import type { ErpPicture, ErpSource } from '../../src/connectors/erp/ErpSource';
import { applyErpGroups } from '../../src/erpPull/erpGroupCategories';
import { upsertErpPage } from '../../src/erpPull/erpPageUpsert';
import { planErpPictures, removeErpPictures, saveErpPicture } from '../../src/erpPull/erpPictures';
import { deactivateVanished, finishPull, forgetEarlierPulls, readPullMemory } from '../../src/erpPull/erpPullBookkeeping';
import { decideErpPullMode } from '../../src/erpPull/erpPullMode';
import type { ErpSourceDefinition } from '../../src/erpPull/erpSourceDefinition';
import { ErpConnectorPool } from '../../src/erpPull/erpConnectorPool';
import type { ErpSourceFactory } from '../../src/erpPull/erpSourceFactory';
import { isConnectorError } from '../../src/errors/ConnectorError';
import { mapConnectorErrors } from '../connectorFailure';
import type { ActivityDeps } from '../deps';
import type {
  ErpPullBeginInput,
  ErpPullBeginResult,
  ErpPullFinishInput,
  ErpPullFinishResult,
  ErpPullPageInput,
  ErpPullPageResult,
} from './types';

const MAX_IDS_RETURNED = 1000;

function factoryOf(deps: ActivityDeps): ErpSourceFactory {
  if (!deps.erpSources) throw ApplicationFailure.nonRetryable('the worker was started without an ERP source factory', 'ppm.CONFIGURATION');
  return deps.erpSources;
}

/** Loads a source; a missing or disabled source is final (no retry can fix it). */
async function loadSource(deps: ActivityDeps, sourceId: number): Promise<ErpSourceDefinition> {
  const def = await factoryOf(deps).load(sourceId);
  if (!def) throw ApplicationFailure.nonRetryable(`ERP source ${sourceId} does not exist`, 'ppm.NOT_FOUND');
  if (!def.active) throw ApplicationFailure.nonRetryable(`ERP source "${def.name}" is disabled`, 'ppm.CONFIGURATION');
  return def;
}

function throwIfCancelled(): void {
  if (Context.current().cancellationSignal.aborted) throw new CancelledFailure('ERP pull page cancelled');
}

/** Downloads the pictures whose change token differs; permanent failures of one picture are counted, not fatal. */
async function pullPictures(deps: ActivityDeps, erp: ErpSource, page: Awaited<ReturnType<ErpSource['fetchPage']>>, productIdByExternalId: Record<string, number>) {
  const stats = { downloaded: 0, unchanged: 0, removed: 0, failed: 0 };
  const products = page.products
    .filter((p) => !p.deleted && productIdByExternalId[p.externalId] !== undefined)
    .map((p) => ({ productId: productIdByExternalId[p.externalId], productExternalId: p.externalId, pictures: p.pictures ?? [] }));
  const plan = await planErpPictures(deps.sequelize, products);
  stats.unchanged = plan.unchanged;
  for (const item of plan.fetch) {
    throwIfCancelled();
    Context.current().heartbeat({ phase: 'pictures', done: stats.downloaded + stats.failed, of: plan.fetch.length });
    let picture: ErpPicture;
    try {
      picture = await erp.fetchPicture(item.productExternalId, item.ref.externalId);
    } catch (e) {
      if (isConnectorError(e) && !e.retryable) {
        stats.failed++;
        log.warn('ERP picture skipped', { productId: item.productId, picture: item.ref.externalId, code: e.code, message: e.message });
        continue;
      }
      throw e;
    }
    await saveErpPicture(deps.sequelize, item.productId, item.ref, item.position, picture);
    stats.downloaded++;
  }
  await removeErpPictures(deps.sequelize, plan.removeImageIds);
  stats.removed = plan.removeImageIds.length;
  return stats;
}

/** ERP pull steps: begin (check the source), one page (fetch → map → hash compare → upsert → pictures), finish. */
export function createErpPullActivities(deps: ActivityDeps) {
  // One open connector (one SQL pool) per source while its pull pages through it, not one per page.
  let pool: ErpConnectorPool | null = null;
  const connectors = () => (pool ??= new ErpConnectorPool((def) => factoryOf(deps).open(def)));
  return {
    /**
     * Checks the source exists and is enabled and decides full vs incremental (from the stored changes cursor,
     * the last full pull and the source setting `fullPullEveryHours`); a full pull drops seen-lists left by
     * crashed pulls. Deciding here keeps the workflow deterministic: the decision is in the activity's result.
     */
    erpPullBegin: mapConnectorErrors(async (input: ErpPullBeginInput): Promise<ErpPullBeginResult> => {
      const def = await loadSource(deps, input.sourceId);
      const shopIds = def.settings.syncShopIds;
      const syncShopIds = Array.isArray(shopIds) && shopIds.every((n) => Number.isInteger(n) && n > 0) ? (shopIds as number[]) : null;
      const base = { sourceId: def.id, name: def.name, kind: def.kind, owned: def.owned, syncShopIds };
      if (!input.pullId) return { ...base, mode: 'resumed', startCursor: null, modeReason: 'started from a given cursor' };
      const memory = await readPullMemory(deps.sequelize, def.id);
      const decision = decideErpPullMode({
        requested: input.mode ?? 'auto',
        changesCursor: memory.changesCursor,
        lastFullPullAt: memory.lastFullPullAt,
        fullPullEveryHours: def.settings.fullPullEveryHours,
        now: new Date(),
      });
      if (decision.mode === 'full') await forgetEarlierPulls(deps.sequelize, input.sourceId, input.pullId);
      return { ...base, mode: decision.mode, startCursor: decision.startCursor, modeReason: decision.reason };
    }),

    /**
     * One page: read it from the ERP, write changed rows in one statement, download changed pictures.
     * Safe to retry as a whole (unchanged rows and pictures with a matching token are skipped on the retry).
     */
    erpPullPage: mapConnectorErrors(async (input: ErpPullPageInput): Promise<ErpPullPageResult> => {
      const def = await loadSource(deps, input.sourceId);
      return connectors().use(def, async (erp) => {
        Context.current().heartbeat({ phase: 'fetch' });
        const page = await erp.fetchPage(input.cursor, input.pageSize);
        throwIfCancelled();
        Context.current().heartbeat({ phase: 'upsert', fetched: page.products.length });
        const written = await upsertErpPage(deps.sequelize, { sourceId: def.id, owned: def.owned, products: page.products, pullId: input.pullId });
        const grouped = page.products
          .filter((p) => !p.deleted && written.productIdByExternalId[p.externalId] !== undefined)
          .map((p) => ({ productId: written.productIdByExternalId[p.externalId], groupId: p.groupId ?? null, groupName: p.group }));
        const categories = await applyErpGroups(deps.sequelize, def.id, deps.catalogDefaultLanguage ?? 'pl', grouped);
        const pictures =
          def.settings.importPictures === false
            ? { downloaded: 0, unchanged: 0, removed: 0, failed: 0 }
            : await pullPictures(deps, erp, page, written.productIdByExternalId);
        return {
          nextCursor: page.nextCursor,
          changesCursor: page.nextCursor === null ? (page.changesCursor ?? null) : null,
          fetched: page.products.length,
          inserted: written.inserted,
          updated: written.updated,
          unchanged: written.unchanged,
          deactivated: written.deactivated,
          reactivated: written.reactivated,
          conflicts: written.conflicts,
          pictures,
          categories,
          changedIds: written.changedIds.slice(0, MAX_IDS_RETURNED),
        };
      });
    }),

    /**
     * Deactivates products that vanished from the ERP (full pulls only), stamps the source's last pull and
     * stores the changes cursor for the next incremental pull.
     */
    erpPullFinish: mapConnectorErrors(async (input: ErpPullFinishInput): Promise<ErpPullFinishResult> => {
      let vanished: number[] = [];
      if (input.pullId && input.deactivateVanished) vanished = await deactivateVanished(deps.sequelize, input.sourceId, input.pullId);
      await finishPull(deps.sequelize, input.sourceId, input.pullId ?? '', {
        fullScan: input.fullScan ?? input.deactivateVanished,
        changesCursor: input.changesCursor ?? null,
      });
      return { vanishedDeactivated: vanished.length, vanishedIds: vanished.slice(0, MAX_IDS_RETURNED) };
    }),
  };
}
