import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Duration, SearchAttributePair } from '@temporalio/common';
import type { Sequelize } from 'sequelize';
import { jobSearchAttributes } from './jobSearchAttributes';
import type { ProductFilter } from '../catalog/productFilterContract';
import type { BulkInput, BulkOperation, JobMode, OnFailure, ProductSyncInput } from '../../workflows/syncTypes';
import { bulkJobId, productSyncJobId, requestFingerprint } from './jobIds';
import { JobSelection } from '../shopPush/jobSelection';
import { shopTargets } from '../shops/shopLookups';

export interface StartedJob {
  jobId: string;
  /** False when an Idempotency-Key (or a running sync of the same product) returned an existing job. */
  created: boolean;
}

/** A reused Idempotency-Key with a different request body. */
export class IdempotencyConflictError extends Error {
  constructor(readonly jobId: string) {
    super(`Idempotency-Key was already used for a different request (job ${jobId})`);
    this.name = 'IdempotencyConflictError';
  }
}

/**
 * A sync of the same product is running for another request (another principal, or the same principal with
 * other options): a request is never attached to someone else's job. A manager can cancel the blocking job.
 */
export class JobBusyError extends Error {
  constructor(readonly jobId: string) {
    super(`a sync of this product is already running as job ${jobId} for another request; wait for it, or ask a manager to cancel it`);
    this.name = 'JobBusyError';
  }
}

/** Execution timeouts: no job runs forever, whatever pauses and previews it holds (each is bounded too). */
export const PRODUCT_SYNC_EXECUTION_TIMEOUT: Duration = '2 hours';
export const BULK_EXECUTION_TIMEOUT: Duration = '7 days';

/** Unknown or inactive shops in a request. */
export class UnknownShopsError extends Error {
  constructor(readonly shopIds: number[]) {
    super(`unknown or inactive shops: ${shopIds.join(', ')}`);
    this.name = 'UnknownShopsError';
  }
}

export interface StarterDeps {
  temporal: Client;
  sequelize: Sequelize;
  taskQueue: string;
}

export interface ProductSyncRequest {
  productId: number;
  shopIds?: number[];
  force?: boolean;
  mode?: JobMode;
  userId: string;
  idempotencyKey?: string;
}

export interface BulkRequest {
  operation: BulkOperation;
  productIds?: number[];
  filter?: ProductFilter;
  shopIds?: number[];
  onFailure?: OnFailure;
  force?: boolean;
  mode?: JobMode;
  userId: string;
  idempotencyKey?: string;
  tuning?: BulkInput['tuning'];
}

/** Requested shop ids checked against the shops table; none requested = every active shop. */
export async function resolveShopIds(sequelize: Sequelize, requested: number[] | undefined): Promise<number[]> {
  const rows = await shopTargets(sequelize, null);
  if (!requested?.length) return rows.filter((r) => r.active).map((r) => r.id);
  const bad = requested.filter((id) => !rows.some((r) => r.id === id && r.active));
  if (bad.length) throw new UnknownShopsError(bad);
  return [...new Set(requested)].sort((a, b) => a - b);
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Starts (or returns) a job. Keyed requests: the workflow id comes from the key; a running job is returned
 * (conflict policy USE_EXISTING) and a closed one too (reuse policy REJECT_DUPLICATE → same job, never a
 * second one). The request fingerprint in the memo turns a reused key with another body into a conflict.
 */
async function startOrAttach(
  deps: StarterDeps,
  workflowType: 'productSyncWorkflow' | 'bulkOperationWorkflow',
  jobId: string,
  keyed: boolean,
  fingerprint: string,
  args: [ProductSyncInput] | [BulkInput],
  opts: { attributes: SearchAttributePair[]; summary: string; details: string; executionTimeout: Duration },
): Promise<StartedJob> {
  const fingerprintOf = (memo: Record<string, unknown> | undefined) => memo?.requestFingerprint as string | undefined;
  if (keyed) {
    // A repeated keyed request: the job exists (running or closed) → the same job, never a second one.
    const existing = await deps.temporal.workflow
      .getHandle(jobId)
      .describe()
      .catch((e: unknown) => {
        if (e instanceof WorkflowNotFoundError) return null;
        throw e;
      });
    if (existing) {
      if (fingerprintOf(existing.memo) !== fingerprint) throw new IdempotencyConflictError(jobId);
      return { jobId, created: false };
    }
  }
  let created = true;
  try {
    const handle = await deps.temporal.workflow.start(workflowType, {
      taskQueue: deps.taskQueue,
      workflowId: jobId,
      args: args as never,
      // Two identical requests racing: the second attaches to the first run (USE_EXISTING); a closed keyed job
      // is never re-run (REJECT_DUPLICATE).
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: keyed ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
      typedSearchAttributes: opts.attributes,
      memo: { requestFingerprint: fingerprint },
      workflowExecutionTimeout: opts.executionTimeout,
      staticSummary: opts.summary,
      staticDetails: opts.details,
    });
    const desc = await handle.describe();
    if (fingerprintOf(desc.memo) !== fingerprint) {
      if (keyed) throw new IdempotencyConflictError(jobId);
      // An unkeyed product sync of a product whose sync runs for another request (the fingerprint names the
      // principal): never attach it to someone else's job.
      throw new JobBusyError(jobId);
    }
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    const desc = await deps.temporal.workflow.getHandle(jobId).describe();
    if (fingerprintOf(desc.memo) !== fingerprint) throw new IdempotencyConflictError(jobId);
    created = false;
  }
  return { jobId, created };
}

export async function startProductSyncJob(deps: StarterDeps, req: ProductSyncRequest): Promise<StartedJob> {
  const shopIds = await resolveShopIds(deps.sequelize, req.shopIds);
  const jobId = productSyncJobId(req.productId, req.userId, req.idempotencyKey);
  const input: ProductSyncInput = { productId: req.productId, shopIds, force: req.force ?? false, mode: req.mode ?? 'apply', userId: req.userId };
  // The principal is part of the fingerprint: a running sync is shared only with the same principal's same request.
  const fingerprint = requestFingerprint({ kind: 'product-sync', productId: req.productId, shopIds, force: input.force, mode: input.mode, keyed: !!req.idempotencyKey, by: req.userId });
  return startOrAttach(deps, 'productSyncWorkflow', jobId, !!req.idempotencyKey, fingerprint, [input], {
    attributes: jobSearchAttributes({ kind: 'product-sync', operation: 'sync', phase: 'queued', userId: req.userId, shopIds }),
    summary: `${input.mode === 'preview' ? 'preview of ' : ''}product sync, product ${req.productId}, shops ${shopIds.join(',') || '(none)'}`,
    details: `requested by user ${req.userId}; force: ${input.force}; mode: ${input.mode}`,
    executionTimeout: PRODUCT_SYNC_EXECUTION_TIMEOUT,
  });
}

export async function startBulkJob(deps: StarterDeps, req: BulkRequest): Promise<StartedJob> {
  const shopIds = await resolveShopIds(deps.sequelize, req.shopIds);
  const jobId = bulkJobId(req.userId, req.idempotencyKey);
  const fingerprint = requestFingerprint({ kind: 'bulk', ...req, userId: undefined, idempotencyKey: undefined, shopIds });
  if (req.productIds) await new JobSelection(deps.sequelize).storeIds(jobId, req.productIds);
  const input: BulkInput = {
    operation: req.operation,
    selection: req.productIds ? { kind: 'stored' } : { kind: 'filter', filter: req.filter ?? {} },
    shopIds,
    onFailure: req.onFailure ?? 'continue',
    force: req.force ?? false,
    mode: req.mode ?? 'apply',
    userId: req.userId,
    tuning: req.tuning,
  };
  const what = req.productIds ? plural(req.productIds.length, 'product', 'products') : `products matching ${JSON.stringify(req.filter ?? {})}`;
  return startOrAttach(deps, 'bulkOperationWorkflow', jobId, !!req.idempotencyKey, fingerprint, [input], {
    attributes: jobSearchAttributes({ kind: 'bulk', operation: req.operation, phase: 'queued', userId: req.userId, shopIds }),
    summary: `${input.mode === 'preview' ? 'preview of ' : ''}bulk ${req.operation}, ${what}, shops ${shopIds.join(',') || '(none)'}`,
    details: `requested by user ${req.userId}; onFailure: ${input.onFailure}; force: ${input.force}; mode: ${input.mode}`,
    executionTimeout: BULK_EXECUTION_TIMEOUT,
  });
}
