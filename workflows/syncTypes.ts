import type { ProductFilter } from '../src/catalog/productFilterContract';

/**
 * Plain data shared by the sync workflows, their activities and the API (type imports of plain-data contracts only:
 * safe in the workflow sandbox). Ids and counters only — never catalogues.
 */

export type BulkOperation = 'create' | 'update' | 'delete' | 'export';
export type JobMode = 'apply' | 'preview';
export type OnFailure = 'continue' | 'compensate';

export type JobPhase =
  | 'queued'
  | 'preparing'
  | 'planning'
  | 'awaiting_confirmation'
  | 'running'
  | 'exporting'
  | 'compensating'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'discarded'
  | 'expired';

/** What happened to the items of a job (or a batch) so far. */
export interface ItemCounters {
  created: number;
  updated: number;
  deleted: number;
  /** Skipped because the shop already holds exactly this payload (delta). */
  skippedUnchanged: number;
  /** Skipped for another reason (e.g. update/delete of a product that is not in the shop). */
  skippedOther: number;
  failed: number;
}

export interface ProgressCounters extends ItemCounters {
  total: number;
  done: number;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  skip: number;
}

export interface JobProgress extends ProgressCounters {
  jobId: string;
  kind: 'product-sync' | 'bulk';
  operation: BulkOperation | 'sync';
  mode: JobMode;
  phase: JobPhase;
  paused: boolean;
  /** Batch activities running right now (0 once a pause has settled). */
  inFlightBatches: number;
  perShop: Record<string, ProgressCounters>;
  compensated: number;
  compensationFailed: number;
  plan: PlanSummary | null;
  /** Preview jobs: ISO time after which the plan expires unconfirmed. */
  confirmBy: string | null;
  /** While paused: ISO time at which the job resumes by itself (a pause never holds a job forever). */
  autoResumeAt?: string | null;
  startedAt: string;
  /** Continue-as-new generation of a bulk job (0 = first run). */
  runIndex: number;
  message: string | null;
  /** Set by the job status API (not the workflow): items finished per second since the start, and the time left. */
  itemsPerSecond?: number | null;
  etaSeconds?: number | null;
}

/** Explicit ids are stored by the API under the job id before start (never passed through Temporal). */
export type BulkSelection = { kind: 'stored' } | { kind: 'filter'; filter: ProductFilter };

/** Knobs with production defaults; tests shrink them to force batching, windows and continue-as-new. */
export interface BulkTuning {
  batchSize?: number;
  /** Batch activities started per run before continuing as new. */
  maxUnitsPerRun?: number;
  /** Upper bound of batch activities in flight per run (each shop is also capped by its max_concurrency). */
  window?: number;
  /** Batch activities in flight per shop (default 2: items inside a batch already fill the shop's lanes). */
  batchesPerShop?: number;
  heartbeatTimeoutMs?: number;
  previewTtlMs?: number;
  /** Longest pause before the job resumes by itself. */
  maxPauseMs?: number;
}

export interface ProductSyncInput {
  productId: number;
  /** Default: every active shop. */
  shopIds?: number[];
  force?: boolean;
  mode?: JobMode;
  userId?: string | null;
  previewTtlMs?: number;
  /** Longest pause before the job resumes by itself. */
  maxPauseMs?: number;
}

export interface ShopRef {
  shopId: number;
  name: string;
  maxConcurrency: number;
}

export interface BulkInput {
  operation: BulkOperation;
  selection: BulkSelection;
  shopIds?: number[];
  onFailure?: OnFailure;
  force?: boolean;
  mode?: JobMode;
  userId?: string | null;
  tuning?: BulkTuning;
  /** Set by the workflow itself when it continues as new. */
  carry?: BulkCarry;
}

/** What a bulk job carries from one run to the next (small: counters and cursors). */
export interface BulkCarry {
  progress: JobProgress;
  shops: ShopRef[];
  /** Number of products in the job's selection. */
  selectionSize: number;
  /** Per shop: index of the next batch to start in the current stage. */
  nextBatch: Record<string, number>;
  stage: 'work' | 'plan' | 'apply-plan' | 'export';
  stopRequested: boolean;
  abortReason: string | null;
}

export interface BatchCounts extends ItemCounters {
  processed: number;
  planCreate: number;
  planUpdate: number;
  planDelete: number;
  planSkip: number;
}

export interface BatchResult extends BatchCounts {
  /** onFailure=compensate: a permanent failure stopped the batch. */
  aborted: boolean;
  firstFailure: { productId: number; code: string; message: string } | null;
}

export interface ItemFailureInfo {
  code: string;
  message: string;
}
