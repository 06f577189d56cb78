import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { Context, log } from '@temporalio/activity';
import type { ErpPicture, ErpSource } from '../../src/connectors/erp/ErpSource';
import { applyErpGroups, type ErpGroupResult, noErpGroupChanges } from '../../src/erpPull/erpGroupCategories';
import { ERP_WRITE_COUNTERS, noErpWrites, upsertErpPage } from '../../src/erpPull/erpPageUpsert';
import { planErpPictures, removeErpPictures, saveErpPicture } from '../../src/erpPull/erpPictures';
import { deactivateVanished, finishPull, forgetEarlierPulls, readPullMemory } from '../../src/erpPull/erpPullBookkeeping';
import { decideErpPullMode } from '../../src/erpPull/erpPullMode';
import type { ErpSourceDefinition } from '../../src/erpPull/erpSourceDefinition';
import { ErpConnectorPool } from '../../src/erpPull/erpConnectorPool';
import type { ErpSourceFactory } from '../../src/erpPull/erpSourceFactory';
import { isConnectorError } from '../../src/errors/ConnectorError';
import { runPagePipeline } from '../../src/erpPull/pagePipeline';
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

/** What a page activity has written so far (its heartbeat): a retry resumes at `cursor` with these counters. */
interface PageCheckpoint {
  cursor: string | null;
  acc?: ErpPullPageResult;
}

/** No picture downloaded, found unchanged, removed or failed. */
const noPictures = (): ErpPullPageResult['pictures'] => ({ downloaded: 0, unchanged: 0, removed: 0, failed: 0 });

function emptyPageResult(): ErpPullPageResult {
  return { nextCursor: null, changesCursor: null, pages: 0, fetched: 0, ...noErpWrites(), pictures: noPictures(), categories: noErpGroupChanges(), changedIds: [] };
}

function addWrittenPage(
  acc: ErpPullPageResult,
  p: { fetched: number; written: Awaited<ReturnType<typeof upsertErpPage>>; categories: ErpGroupResult; pictures: ErpPullPageResult['pictures'] },
): void {
  acc.pages = (acc.pages ?? 0) + 1;
  acc.fetched += p.fetched;
  for (const k of ERP_WRITE_COUNTERS) acc[k] += p.written[k];
  for (const k of ['downloaded', 'unchanged', 'removed', 'failed'] as const) acc.pictures[k] += p.pictures[k];
  const c = (acc.categories ??= noErpGroupChanges());
  c.categoriesCreated += p.categories.categoriesCreated;
  c.categoriesRenamed += p.categories.categoriesRenamed;
  c.productsAssigned += p.categories.productsAssigned;
  const room = MAX_IDS_RETURNED - acc.changedIds.length;
  if (room > 0) acc.changedIds.push(...p.written.changedIds.slice(0, room));
}

/** Pictures fetched at once per page (each one ERP query and one catalogue write; the bytes of this many in memory). */
const PICTURE_CONCURRENCY = 8;

/** Downloads the pictures whose change token differs; permanent failures of one picture are counted, not fatal. */
async function pullPictures(
  deps: ActivityDeps,
  erp: ErpSource,
  page: Awaited<ReturnType<ErpSource['fetchPage']>>,
  productIdByExternalId: Record<string, number>,
  onProgress: (done: number, of: number) => void,
) {
  const stats = noPictures();
  const products = page.products
    .filter((p) => !p.deleted && productIdByExternalId[p.externalId] !== undefined)
    .map((p) => ({ productId: productIdByExternalId[p.externalId], productExternalId: p.externalId, pictures: p.pictures ?? [] }));
  const plan = await planErpPictures(deps.sequelize, products);
  stats.unchanged = plan.unchanged;
  const one = async (item: (typeof plan.fetch)[number]) => {
    throwIfCancelled();
    onProgress(stats.downloaded + stats.failed, plan.fetch.length);
    let picture: ErpPicture;
    try {
      picture = await erp.fetchPicture(item.productExternalId, item.ref.externalId);
    } catch (e) {
      if (isConnectorError(e) && !e.retryable) {
        stats.failed++;
        log.warn('ERP picture skipped', { productId: item.productId, picture: item.ref.externalId, code: e.code, message: e.message });
        return;
      }
      throw e;
    }
    await saveErpPicture(deps.sequelize, item.productId, item.ref, item.position, picture);
    stats.downloaded++;
  };
  let next = 0;
  const lane = async () => {
    while (next < plan.fetch.length) await one(plan.fetch[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PICTURE_CONCURRENCY, plan.fetch.length) }, lane));
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
     * Pages of the source, from `cursor`: up to `maxPages` (default 1) within about `budgetMs`, overlapped three
     * ways: page k+1 is read from the ERP while page k's rows go into the catalogue (one statement) and page k-1's
     * groups and changed pictures are written. A page is checkpointed in the heartbeat once its pictures are in: a retry resumes after the last complete page (and may redo the one after it, which is safe:
     * unchanged rows and pictures with a matching token are skipped).
     */
    erpPullPage: mapConnectorErrors(async (input: ErpPullPageInput): Promise<ErpPullPageResult> => {
      const def = await loadSource(deps, input.sourceId);
      const resumed = Context.current().info.heartbeatDetails as PageCheckpoint | undefined;
      const acc: ErpPullPageResult = resumed?.acc ?? emptyPageResult();
      const startCursor = resumed?.acc ? resumed.cursor : input.cursor;
      if (resumed?.acc && resumed.cursor === null) return acc;
      return connectors().use(def, async (erp) => {
        let checkpoint: PageCheckpoint = { cursor: startCursor, acc: structuredClone(acc) };
        const beat = (phase: string, extra: Record<string, unknown> = {}) => Context.current().heartbeat({ phase, ...extra, ...checkpoint });
        beat('fetch');
        /** The previous page's groups and pictures (at most one page runs behind the rows). */
        let picturesBehind: Promise<void> = Promise.resolve();
        try {
          const outcome = await runPagePipeline({
            startCursor,
            maxPages: Math.max(1, (input.maxPages ?? 1) - (acc.pages ?? 0)),
            budgetMs: input.budgetMs ?? 30_000,
            fetch: (cursor) => erp.fetchPage(cursor, input.pageSize),
            nextCursorOf: (page) => page.nextCursor,
            write: async ({ page, nextCursor }) => {
              throwIfCancelled();
              beat('upsert', { fetched: page.products.length });
              const written = await upsertErpPage(deps.sequelize, { sourceId: def.id, owned: def.owned, products: page.products, pullId: input.pullId });
              const grouped = page.products
                .filter((p) => !p.deleted && written.productIdByExternalId[p.externalId] !== undefined)
                .map((p) => ({ productId: written.productIdByExternalId[p.externalId], groupId: p.groupId ?? null, groupName: p.group }));
              await picturesBehind;
              picturesBehind = (async () => {
                const categories = await applyErpGroups(deps.sequelize, def.id, deps.catalogDefaultLanguage ?? 'pl', grouped);
                const pictures =
                  def.settings.importPictures === false
                    ? noPictures()
                    : await pullPictures(deps, erp, page, written.productIdByExternalId, (done, of) => beat('pictures', { done, of }));
                addWrittenPage(acc, { fetched: page.products.length, written, categories, pictures });
                if (nextCursor === null) acc.changesCursor = page.changesCursor ?? null;
                acc.nextCursor = nextCursor;
                checkpoint = { cursor: nextCursor, acc: structuredClone(acc) };
                beat('written');
              })();
              // A failure surfaces at the next page's wait or at the end; never unobserved meanwhile.
              picturesBehind.catch(() => undefined);
            },
          });
          await picturesBehind;
          if (outcome.stalled) {
            acc.nextCursor = outcome.nextCursor;
            acc.cursorStalled = true;
          }
          return acc;
        } finally {
          // Nothing may still write to the catalogue after this attempt ended (a retry could race it).
          await picturesBehind.catch(() => undefined);
        }
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
