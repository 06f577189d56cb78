import { ConnectorError } from '../errors/ConnectorError';
import type { LedgerEntry, LedgerStore } from './ledgerStore';
import { diffPayloads } from './fieldDiff';
import { applyPlan, type ItemOperation, type ItemOutcome, type ItemPlan, locateRemote, planItem, type PlanHints, type UndoStep } from './pushItem';
import type { ShopGateway } from './shopGateway';
import type { ShopProductPayload } from './shopPayload';
import type { PlanStore, StoredPlanItem } from './planStore';
import type { UndoLog } from './undoLog';
import type { OutcomeRecorder } from './outcomeRecorder';
import { createOutcomeUnknown, lateCreateWaitMs, removeLateDuplicates } from './lateCreate';

/** The preview-plan calls an item makes (a narrow port of PlanStore). */
export type ItemPlanPort = Pick<PlanStore, 'storePlanItem' | 'markPlanApplied'>;
/** The undo-log calls an item makes (a narrow port of UndoLog). */
export type ItemUndoPort = Pick<UndoLog, 'logUndo' | 'setUndoRemoteId'>;

export interface ItemScope {
  ledger: LedgerStore;
  plans: ItemPlanPort;
  undoLog: ItemUndoPort;
  gateway: ShopGateway;
  jobId: string;
  runId: string | null;
  shopId: number;
  /** Bulk batches queue ledger and history rows here (written a few dozen per statement); absent: written at once. */
  recorder?: OutcomeRecorder;
  /** Runs after the product is written (or found unchanged) and before the ledger records it: the product's images. */
  afterWrite?: (input: ItemInput, remoteId: number) => Promise<boolean>;
  /**
   * Waits out a late-create window (ends early when the batch is cancelled); a bulk batch lets another item run
   * meanwhile. A plain timer when absent.
   */
  waitAside?: (ms: number) => Promise<void>;
}

export interface ItemInput {
  productId: number;
  seq: number;
  reference: string | null;
  payload: ShopProductPayload | null;
  ledger: LedgerEntry | undefined;
  operation: ItemOperation;
  force: boolean;
  /** Bulk jobs with onFailure=compensate log undo steps in PostgreSQL before each write. */
  logUndo: boolean;
  /**
   * Set when this job may already have written this item (a crashed attempt, an earlier try): whether the product
   * existed at the job's first look. Finding our own earlier write must count as ours (created/updated/deleted),
   * not as "unchanged" or as an update of someone else's product.
   */
  earlier?: { existed: boolean } | null;
  /** When an earlier try's create failed without telling whether the shop saved it (see lateCreate.ts). */
  createUncertainAt?: number;
}

/** The outcome this job caused, given that an earlier try of the same job may have done the write already. */
function ownOutcome(input: ItemInput, plan: ItemPlan, outcome: ItemOutcome): ItemOutcome {
  if (!input.earlier) return outcome;
  const unchanged = outcome === 'skipped' && plan.reason === 'unchanged';
  if (!input.earlier.existed && (outcome === 'updated' || unchanged) && input.operation !== 'delete' && input.operation !== 'update') return 'created';
  if (input.earlier.existed && unchanged && input.operation !== 'delete') return 'updated';
  if (input.earlier.existed && outcome === 'skipped' && plan.reason === 'absent' && input.operation === 'delete') return 'deleted';
  return outcome;
}

export interface ItemDone {
  outcome: ItemOutcome;
  skipReason: 'unchanged' | 'absent' | null;
  remoteId: number | null;
  undo: UndoStep | null;
  /** The ledger row before this item (restored by compensation). */
  prevLedger: { remoteId: number | null; payloadHash: string | null } | null;
}

const HISTORY_ACTION = { created: 'create', updated: 'update', deleted: 'delete', skipped: 'skip' } as const;

function missingProduct(productId: number): ConnectorError {
  return new ConnectorError({ system: 'prestashop', code: 'NOT_FOUND', message: `product ${productId} is not in the catalogue` });
}

/** Writes ledger + history for a finished item (the ledger is what makes the next run a no-op). */
async function record(scope: ItemScope, input: ItemInput, plan: ItemPlan, done: ItemDone): Promise<void> {
  const { ledger } = scope;
  let pushed = false;
  if ((done.outcome === 'created' || done.outcome === 'updated') && done.remoteId !== null && plan.hash) {
    pushed = true;
  } else if (done.outcome === 'deleted') {
    await ledger.recordDeleted(input.productId, scope.shopId);
  } else if (done.skipReason === 'unchanged' && done.remoteId !== null && plan.hash && (input.ledger?.payloadHash !== plan.hash || input.ledger?.remoteId !== done.remoteId)) {
    pushed = true;
  }
  const action = HISTORY_ACTION[done.outcome];
  const outcome = done.outcome === 'skipped' ? 'skipped' : 'success';
  const extra = {
    message: done.skipReason ?? undefined,
    details: plan.changes.length && done.outcome === 'updated' ? { changed: plan.changes.map((c) => c.field) } : undefined,
  };
  if (scope.recorder) {
    scope.recorder.add({ productId: input.productId, action, outcome, ...extra, ...(pushed ? { pushed: { remoteId: done.remoteId!, hash: plan.hash! } } : {}) });
  } else if (pushed) {
    // Ledger row and history row in one round trip.
    await ledger.recordPushedWithHistory({ productId: input.productId, shopId: scope.shopId, remoteId: done.remoteId!, hash: plan.hash! }, scope.jobId, scope.runId, action, outcome, extra);
  } else {
    await ledger.history(scope.jobId, scope.runId, input.productId, scope.shopId, action, outcome, extra);
  }
}

async function execute(scope: ItemScope, input: ItemInput, plan: ItemPlan): Promise<ItemDone> {
  const reference = input.reference!;
  const prevLedger = input.ledger ? { remoteId: input.ledger.remoteId, payloadHash: input.ledger.payloadHash } : null;
  const applied = await applyPlan(
    scope.gateway,
    reference,
    plan,
    input.logUndo ? (step) => scope.undoLog.logUndo(scope.jobId, { productId: input.productId, shopId: scope.shopId, step, prevLedger }) : undefined,
  );
  if (input.logUndo && applied.outcome === 'created' && applied.remoteId !== null) {
    await scope.undoLog.setUndoRemoteId(scope.jobId, scope.shopId, input.productId, applied.remoteId);
  }
  if (input.createUncertainAt !== undefined && applied.outcome === 'created' && applied.remoteId !== null) {
    // The earlier create may have landed after our lookup: the reference must name one product, ours.
    await removeLateDuplicates(scope.gateway, reference, applied.remoteId);
  }
  let outcome = ownOutcome(input, plan, applied.outcome);
  if (scope.afterWrite && applied.remoteId !== null && applied.outcome !== 'deleted' && input.operation !== 'delete') {
    // Only the product's images changed: the item is an update, not "unchanged".
    if ((await scope.afterWrite(input, applied.remoteId)) && outcome === 'skipped') outcome = 'updated';
  }
  const done: ItemDone = { outcome, skipReason: outcome === 'skipped' ? (plan.reason ?? 'unchanged') : null, remoteId: applied.remoteId, undo: applied.undo, prevLedger };
  await record(scope, input, plan, done);
  return done;
}

/**
 * Plans and applies one product in one shop (delta, idempotent find-before-create, ledger, history). A write
 * planned without reading the shop (hints.beforeImage false) that finds the product gone re-plans with a lookup.
 */
export async function syncItem(scope: ItemScope, input: ItemInput, hints: PlanHints = {}): Promise<ItemDone> {
  if (input.reference === null) throw missingProduct(input.productId);
  if (input.createUncertainAt !== undefined) {
    // A create of unknown outcome: give the shop the time to save it late before looking for it (lateCreate.ts).
    const wait = lateCreateWaitMs(input.createUncertainAt);
    if (wait > 0) await (scope.waitAside ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(wait);
    hints = { ...hints, knownIds: undefined };
  }
  const plan = await planItem(scope.gateway, input.operation, input.reference, input.payload, input.ledger, input.force, hints);
  try {
    return await execute(scope, input, plan);
  } catch (e) {
    if (plan.action === 'create' && createOutcomeUnknown(e)) input.createUncertainAt = Date.now();
    if (plan.before !== null || plan.action === 'create' || !(e instanceof ConnectorError) || e.code !== 'NOT_FOUND' || hints.beforeImage !== false) throw e;
    const located = await planItem(scope.gateway, input.operation, input.reference, input.payload, input.ledger && { ...input.ledger, remoteId: null }, input.force, { beforeImage: true });
    return execute(scope, input, located);
  }
}

/** Preview: computes what would happen and stores it as a plan item; writes nothing to the shop. */
export async function previewItem(scope: ItemScope, input: ItemInput, hints: PlanHints = {}): Promise<ItemPlan> {
  if (input.reference === null) throw missingProduct(input.productId);
  const plan = await planItem(scope.gateway, input.operation, input.reference, input.payload, input.ledger, input.force, { ...hints, beforeImage: true });
  await scope.plans.storePlanItem(scope.jobId, {
    shopId: scope.shopId,
    productId: input.productId,
    seq: input.seq,
    action: plan.action,
    remoteId: plan.remoteId,
    changes: plan.changes,
    payload: plan.payload,
    payloadHash: plan.hash,
  });
  return plan;
}

/**
 * Confirmed preview: applies exactly the stored plan item (its payload, not a fresh read of the catalogue).
 * The shop is re-read only to find the product and capture the before-image for compensation.
 */
export async function applyStoredPlanItem(scope: ItemScope, input: ItemInput, stored: StoredPlanItem): Promise<ItemDone> {
  const reference = input.reference ?? stored.payload?.reference ?? null;
  if (reference === null) throw missingProduct(input.productId);
  const scoped = { ...input, reference };
  let plan: ItemPlan;
  if (stored.action === 'skip') {
    plan = { action: 'skip', reason: 'unchanged', remoteId: stored.remoteId, changes: [], payload: null, hash: stored.payloadHash, before: null };
  } else if (stored.action === 'delete') {
    const remote = await locateRemote(scope.gateway, reference, input.ledger);
    plan = remote
      ? { action: 'delete', remoteId: remote.remoteId, changes: [], payload: null, hash: null, before: remote.current }
      : { action: 'skip', reason: 'absent', remoteId: null, changes: [], payload: null, hash: null, before: null };
  } else {
    const payload = stored.payload!;
    const remote = await locateRemote(scope.gateway, reference, stored.remoteId ? { ...(input.ledger ?? { productId: input.productId, shopId: scope.shopId, payloadHash: null, compensationFailed: false }), remoteId: stored.remoteId } : input.ledger);
    if (!remote && stored.action === 'update') {
      throw new ConnectorError({ system: 'prestashop', code: 'NOT_FOUND', message: `product ${reference} disappeared from the shop after the preview` });
    }
    plan = remote
      ? { action: 'update', remoteId: remote.remoteId, changes: diffPayloads(remote.current, payload), payload, hash: stored.payloadHash, before: remote.current }
      : { action: 'create', remoteId: null, changes: stored.changes, payload, hash: stored.payloadHash, before: null };
    if (remote && plan.changes.length === 0) plan = { ...plan, action: 'skip', reason: 'unchanged' };
  }
  const done = await execute(scope, scoped, plan);
  await scope.plans.markPlanApplied(scope.jobId, scope.shopId, input.productId);
  return done;
}
