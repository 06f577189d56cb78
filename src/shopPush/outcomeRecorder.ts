import type { Sequelize } from 'sequelize';
import { countSyncOutcome } from '../observability/syncOutcomes';
import type { HistoryAction, HistoryOutcome } from './ledgerStore';

/** One finished item of a batch: its history row and, when it was pushed, its new ledger row. */
export interface RecordedOutcome {
  productId: number;
  action: HistoryAction;
  outcome: HistoryOutcome;
  message?: string;
  details?: unknown;
  /** Set when the shop now holds this payload: the ledger row (remote id, payload hash) to write. */
  pushed?: { remoteId: number; hash: string };
}

/** Rows written per statement at most; a batch of 200 items flushes a few times. */
const FLUSH_AT = 100;
/** A partial buffer is written after this long, so progress read back from PostgreSQL lags by about this much. */
const FLUSH_AFTER_MS = 500;

/**
 * Ledger and history rows of one batch, written a few dozen per statement instead of one statement per item
 * (a bulk job's hot path: PostgreSQL round trips, not the shop, were a large part of the worker's time).
 * A crash before a flush loses only rows of items the retried batch then finds in the shop and counts as this
 * job's own (job_item_intents), exactly like a crash between a shop write and its row. `flush` must be awaited
 * before the batch reads its counters back.
 */
export class OutcomeRecorder {
  private buffer = new Map<number, RecordedOutcome>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly scope: { jobId: string; runId: string | null; shopId: number },
  ) {}

  /** Queues the rows of a finished item; throws when an earlier write failed (the batch attempt must fail). */
  add(row: RecordedOutcome): void {
    if (this.failure) throw this.failure;
    this.buffer.set(row.productId, row);
    if (this.buffer.size >= FLUSH_AT) this.startWrite();
    else this.timer ??= setTimeout(() => this.startWrite(), FLUSH_AFTER_MS);
  }

  /** Writes whatever is queued and waits for every write; rethrows a failed write. */
  async flush(): Promise<void> {
    this.startWrite();
    await this.writing;
    if (this.failure) throw this.failure;
  }

  private startWrite(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.size === 0) return;
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    this.writing = this.writing.then(() =>
      this.write(rows).catch((e) => {
        this.failure ??= e;
      }),
    );
  }

  private async write(rows: RecordedOutcome[]): Promise<void> {
    const input = rows.map((r) => ({
      product_id: r.productId,
      remote_id: r.pushed?.remoteId ?? null,
      hash: r.pushed?.hash ?? null,
      action: r.action,
      outcome: r.outcome,
      message: r.message?.slice(0, 4000) ?? null,
      details: r.details === undefined ? null : r.details,
    }));
    // One statement across owners (bulk push hot path): ledger and history rows for a batch, joined to products so deleted ones get none.
    await this.sequelize.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($4::jsonb)
           AS x(product_id int, remote_id int, hash text, action text, outcome text, message text, details jsonb)
       ),
       pushed AS (
         INSERT INTO sync_state (product_id, shop_id, remote_id, payload_hash, last_pushed_at, last_error_code, last_error_message, last_error_at, updated_at)
         SELECT i.product_id, $3, i.remote_id, i.hash, now(), NULL, NULL, NULL, now()
           FROM input i JOIN products p ON p.id = i.product_id
          WHERE i.remote_id IS NOT NULL AND i.hash IS NOT NULL
         ON CONFLICT (product_id, shop_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, payload_hash = EXCLUDED.payload_hash,
           last_pushed_at = now(), last_error_code = NULL, last_error_message = NULL, last_error_at = NULL, updated_at = now()
       )
       INSERT INTO sync_history (job_id, run_id, product_id, shop_id, action, outcome, error_code, message, details, created_at)
       SELECT $1, $2, p.id, $3, i.action, i.outcome, NULL, i.message, i.details, now()
         FROM input i LEFT JOIN products p ON p.id = i.product_id`,
      { bind: [this.scope.jobId, this.scope.runId, this.scope.shopId, JSON.stringify(input)] },
    );
    for (const r of rows) countSyncOutcome(this.scope.shopId, r.action, r.outcome);
  }
}
