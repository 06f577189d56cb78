import { ConnectorError } from '../errors/ConnectorError';
import { diffPayloads, type FieldChange } from './fieldDiff';
import type { LedgerEntry } from './ledgerStore';
import { payloadHash } from './payloadHash';
import type { ShopGateway } from './shopGateway';
import type { ShopProductPayload } from './shopPayload';

/** What a job does to one product in one shop. `sync` = create when missing, update when changed. */
export type ItemOperation = 'sync' | 'create' | 'update' | 'delete';
export type PlannedAction = 'create' | 'update' | 'delete' | 'skip';
export type ItemOutcome = 'created' | 'updated' | 'deleted' | 'skipped';

/** How to put a shop back as it was before this job touched the product (saga compensation input). */
export type UndoStep =
  | { kind: 'delete'; reference: string; remoteId: number | null }
  | { kind: 'restore'; reference: string; remoteId: number; before: ShopProductPayload }
  | { kind: 'recreate'; reference: string; before: ShopProductPayload };

export interface RemoteProduct {
  remoteId: number;
  current: ShopProductPayload;
}

/**
 * Finds the product in the shop: first by the ledger's remote id, then by reference (SKU). Two products
 * with the same reference are a CONFLICT (never pick one arbitrarily).
 */
export async function locateRemote(gw: ShopGateway, reference: string, ledger: LedgerEntry | undefined, knownIds?: number[]): Promise<RemoteProduct | null> {
  if (ledger?.remoteId) {
    const current = await gw.readProduct(ledger.remoteId);
    if (current) return { remoteId: ledger.remoteId, current };
  }
  const ids = knownIds ?? (await gw.findProductIdsByReference(reference));
  if (ids.length > 1) {
    throw new ConnectorError({
      system: 'prestashop',
      code: 'CONFLICT',
      message: `${ids.length} products in the shop have reference "${reference}" (ids ${ids.join(', ')}); resolve the duplicate first`,
    });
  }
  if (ids.length === 0) return null;
  const current = await gw.readProduct(ids[0]);
  return current ? { remoteId: ids[0], current } : null;
}

export interface ItemPlan {
  action: PlannedAction;
  /** Why a skip: 'unchanged' (hash equal to ledger or shop already holds the payload) or 'absent'. */
  reason?: 'unchanged' | 'absent';
  remoteId: number | null;
  changes: FieldChange[];
  /** The payload to write (create/update); null for delete/skip. */
  payload: ShopProductPayload | null;
  hash: string | null;
  before: ShopProductPayload | null;
}

/** What the caller already knows, so the plan reads the shop as little as possible. */
export interface PlanHints {
  /** Remote ids with this reference from a batch lookup (`filter[reference]=[A|B|…]`) made moments ago. */
  knownIds?: number[];
  /**
   * False when nothing will need the shop's current state (no compensation, no preview): a product the ledger
   * knows is then written without reading it first (a changed hash is reason enough to write).
   */
  beforeImage?: boolean;
}

/**
 * Decides what a push of `payload` would do, reading the shop only when the ledger cannot answer.
 * Delta: when not forced and the payload hash equals the ledger's, nothing is read or written.
 */
export async function planItem(
  gw: ShopGateway,
  operation: ItemOperation,
  reference: string,
  payload: ShopProductPayload | null,
  ledger: LedgerEntry | undefined,
  force: boolean,
  hints: PlanHints = {},
): Promise<ItemPlan> {
  const beforeImage = hints.beforeImage ?? true;
  if (operation === 'delete') {
    if (!beforeImage && ledger?.remoteId) return { action: 'delete', remoteId: ledger.remoteId, changes: [], payload: null, hash: null, before: null };
    const remote = await locateRemote(gw, reference, ledger, hints.knownIds);
    if (!remote) return { action: 'skip', reason: 'absent', remoteId: null, changes: [], payload: null, hash: null, before: null };
    return { action: 'delete', remoteId: remote.remoteId, changes: [], payload: null, hash: null, before: remote.current };
  }
  if (!payload) throw new ConnectorError({ system: 'prestashop', code: 'NOT_FOUND', message: `product ${reference} is not in the catalogue` });
  const hash = payloadHash(payload);
  if (!force && ledger?.remoteId && ledger.payloadHash === hash) {
    return { action: 'skip', reason: 'unchanged', remoteId: ledger.remoteId, changes: [], payload: null, hash, before: null };
  }
  if (!beforeImage && ledger?.remoteId) {
    return { action: 'update', remoteId: ledger.remoteId, changes: [], payload, hash, before: null };
  }
  const remote = await locateRemote(gw, reference, ledger, hints.knownIds);
  if (!remote) {
    if (operation === 'update') return { action: 'skip', reason: 'absent', remoteId: null, changes: [], payload: null, hash, before: null };
    return { action: 'create', remoteId: null, changes: diffPayloads(null, payload), payload, hash, before: null };
  }
  const changes = diffPayloads(remote.current, payload);
  if (changes.length === 0 && !force) {
    return { action: 'skip', reason: 'unchanged', remoteId: remote.remoteId, changes, payload: null, hash, before: remote.current };
  }
  return { action: 'update', remoteId: remote.remoteId, changes, payload, hash, before: remote.current };
}

export interface ItemApplied {
  outcome: ItemOutcome;
  remoteId: number | null;
  undo: UndoStep | null;
}

/**
 * Carries out a plan. `beforeWrite` runs after the before-image is known and before the first write
 * (bulk jobs log their undo step there, so a crash after the write still leaves a way back).
 */
export async function applyPlan(
  gw: ShopGateway,
  reference: string,
  plan: ItemPlan,
  beforeWrite?: (undo: UndoStep) => Promise<void>,
): Promise<ItemApplied> {
  switch (plan.action) {
    case 'skip':
      return { outcome: 'skipped', remoteId: plan.remoteId, undo: null };
    case 'create': {
      const undo: UndoStep = { kind: 'delete', reference, remoteId: null };
      await beforeWrite?.(undo);
      const remoteId = await gw.createProduct(plan.payload!);
      return { outcome: 'created', remoteId, undo: { ...undo, remoteId } };
    }
    case 'update': {
      const undo: UndoStep = { kind: 'restore', reference, remoteId: plan.remoteId!, before: plan.before! };
      await beforeWrite?.(undo);
      await gw.updateProduct(plan.remoteId!, plan.payload!);
      return { outcome: 'updated', remoteId: plan.remoteId, undo };
    }
    case 'delete': {
      const undo: UndoStep = { kind: 'recreate', reference, before: plan.before! };
      await beforeWrite?.(undo);
      await gw.deleteProduct(plan.remoteId!);
      return { outcome: 'deleted', remoteId: null, undo };
    }
  }
}

/**
 * Undoes one step, idempotently: "delete if it exists" (by remote id, else by reference), "put the
 * before-image back", "re-create unless it is already there". Returns the remote id the product has
 * afterwards (null when it is gone).
 */
export async function undoStep(gw: ShopGateway, step: UndoStep): Promise<number | null> {
  switch (step.kind) {
    case 'delete': {
      let remoteId = step.remoteId;
      if (remoteId === null) {
        const ids = await gw.findProductIdsByReference(step.reference);
        if (ids.length === 0) return null;
        remoteId = ids[ids.length - 1];
      }
      await gw.deleteProduct(remoteId);
      return null;
    }
    case 'restore': {
      const current = await gw.readProduct(step.remoteId);
      if (!current) {
        throw new ConnectorError({
          system: 'prestashop',
          code: 'NOT_FOUND',
          message: `cannot restore product ${step.reference}: remote id ${step.remoteId} no longer exists`,
        });
      }
      if (diffPayloads(current, step.before).length > 0) await gw.updateProduct(step.remoteId, step.before);
      return step.remoteId;
    }
    case 'recreate': {
      const ids = await gw.findProductIdsByReference(step.reference);
      if (ids.length > 0) return ids[0];
      return gw.createProduct(step.before);
    }
  }
}
