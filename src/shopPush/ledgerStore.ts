import { QueryTypes, type Sequelize } from 'sequelize';
import { countSyncOutcome } from '../observability/syncOutcomes';
import { JobFailures } from './jobFailures';

/** One ledger row (sync_state): where a product lives in a shop and the hash of what we last pushed. */
export interface LedgerEntry {
  productId: number;
  shopId: number;
  remoteId: number | null;
  payloadHash: string | null;
  compensationFailed: boolean;
}

export type HistoryAction = 'create' | 'update' | 'delete' | 'skip' | 'compensate' | 'export';
export type HistoryOutcome = 'success' | 'failed' | 'skipped';

/** Data access for the ledger and the history (per-job failures go through JobFailures). The only SQL the sync engine writes for them. */
export class LedgerStore {
  constructor(private readonly sequelize: Sequelize) {}

  async read(shopId: number, productIds: number[]): Promise<Map<number, LedgerEntry>> {
    if (productIds.length === 0) return new Map();
    const rows = await this.sequelize.query<LedgerEntry>(
      `SELECT product_id AS "productId", shop_id AS "shopId", remote_id AS "remoteId", payload_hash AS "payloadHash",
              compensation_failed AS "compensationFailed"
         FROM sync_state WHERE shop_id = $1 AND product_id = ANY($2::int[])`,
      { bind: [shopId, productIds], type: QueryTypes.SELECT },
    );
    return new Map(rows.map((r) => [r.productId, r]));
  }

  /** Records a successful push: remote id and payload hash; clears any previous error. */
  async recordPushed(productId: number, shopId: number, remoteId: number, hash: string): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO sync_state (product_id, shop_id, remote_id, payload_hash, last_pushed_at, last_error_code, last_error_message, last_error_at, updated_at)
       VALUES ($1, $2, $3, $4, now(), NULL, NULL, NULL, now())
       ON CONFLICT (product_id, shop_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, payload_hash = EXCLUDED.payload_hash,
         last_pushed_at = now(), last_error_code = NULL, last_error_message = NULL, last_error_at = NULL, updated_at = now()`,
      { bind: [productId, shopId, remoteId, hash] },
    );
  }

  /** Sets the ledger row back to a previous state (compensation), or removes it when there was none. */
  async restore(productId: number, shopId: number, prev: { remoteId: number | null; payloadHash: string | null } | null): Promise<void> {
    if (!prev) {
      await this.sequelize.query(`DELETE FROM sync_state WHERE product_id = $1 AND shop_id = $2`, { bind: [productId, shopId] });
      return;
    }
    await this.sequelize.query(
      `UPDATE sync_state SET remote_id = $3, payload_hash = $4, updated_at = now() WHERE product_id = $1 AND shop_id = $2`,
      { bind: [productId, shopId, prev.remoteId, prev.payloadHash] },
    );
  }

  /** Records that a product is gone from a shop (delete operation). */
  async recordDeleted(productId: number, shopId: number): Promise<void> {
    await this.sequelize.query(
      `UPDATE sync_state SET remote_id = NULL, payload_hash = NULL, last_pushed_at = now(), updated_at = now()
        WHERE product_id = $1 AND shop_id = $2`,
      { bind: [productId, shopId] },
    );
  }

  async recordError(productId: number, shopId: number, code: string, message: string): Promise<void> {
    // One statement across owners: the ledger write is guarded by the product's existence (a deleted product gets no row).
    await this.sequelize.query(
      `INSERT INTO sync_state (product_id, shop_id, last_error_code, last_error_message, last_error_at, updated_at)
       SELECT $1, $2, $3, $4, now(), now() WHERE EXISTS (SELECT 1 FROM products WHERE id = $1)
       ON CONFLICT (product_id, shop_id) DO UPDATE SET last_error_code = EXCLUDED.last_error_code,
         last_error_message = EXCLUDED.last_error_message, last_error_at = now(), updated_at = now()`,
      { bind: [productId, shopId, code, message.slice(0, 4000)] },
    );
  }

  /** A compensation could not complete: the row is flagged for an operator, never left silently inconsistent. */
  async flagCompensationFailed(productId: number, shopId: number, code: string, message: string): Promise<void> {
    // One statement across owners: the ledger write is guarded by the product's existence (a deleted product gets no row).
    await this.sequelize.query(
      `INSERT INTO sync_state (product_id, shop_id, compensation_failed, last_error_code, last_error_message, last_error_at, updated_at)
       SELECT $1, $2, TRUE, $3, $4, now(), now() WHERE EXISTS (SELECT 1 FROM products WHERE id = $1)
       ON CONFLICT (product_id, shop_id) DO UPDATE SET compensation_failed = TRUE, last_error_code = EXCLUDED.last_error_code,
         last_error_message = EXCLUDED.last_error_message, last_error_at = now(), updated_at = now()`,
      { bind: [productId, shopId, code, message.slice(0, 4000)] },
    );
  }

  /**
   * `recordPushed` and `history` in one statement (one round trip per item instead of two; both rows are
   * written or neither).
   */
  async recordPushedWithHistory(
    pushed: { productId: number; shopId: number; remoteId: number; hash: string },
    jobId: string,
    runId: string | null,
    action: HistoryAction,
    outcome: HistoryOutcome,
    extra: { errorCode?: string; message?: string; details?: unknown } = {},
  ): Promise<void> {
    // One statement across owners: ledger and history rows, the history's product id joined to products (NULL once deleted).
    await this.sequelize.query(
      `WITH pushed AS (
         INSERT INTO sync_state (product_id, shop_id, remote_id, payload_hash, last_pushed_at, last_error_code, last_error_message, last_error_at, updated_at)
         VALUES ($3, $4, $10, $11, now(), NULL, NULL, NULL, now())
         ON CONFLICT (product_id, shop_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, payload_hash = EXCLUDED.payload_hash,
           last_pushed_at = now(), last_error_code = NULL, last_error_message = NULL, last_error_at = NULL, updated_at = now()
       )
       INSERT INTO sync_history (job_id, run_id, product_id, shop_id, action, outcome, error_code, message, details, created_at)
       SELECT $1, $2, p.id, $4, $5, $6, $7, $8, $9::jsonb, now() FROM (SELECT $3::int AS id) x
       LEFT JOIN products p ON p.id = x.id`,
      {
        bind: [
          jobId,
          runId,
          pushed.productId,
          pushed.shopId,
          action,
          outcome,
          extra.errorCode ?? null,
          extra.message?.slice(0, 4000) ?? null,
          extra.details === undefined ? null : JSON.stringify(extra.details),
          pushed.remoteId,
          pushed.hash,
        ],
      },
    );
    countSyncOutcome(pushed.shopId, action, outcome);
  }

  async history(
    jobId: string,
    runId: string | null,
    productId: number,
    shopId: number | null,
    action: HistoryAction,
    outcome: HistoryOutcome,
    extra: { errorCode?: string; message?: string; details?: unknown } = {},
  ): Promise<void> {
    // One statement across owners: the history's product id is joined to products (NULL once the product is deleted).
    await this.sequelize.query(
      `INSERT INTO sync_history (job_id, run_id, product_id, shop_id, action, outcome, error_code, message, details, created_at)
       SELECT $1, $2, p.id, $4, $5, $6, $7, $8, $9::jsonb, now() FROM (SELECT $3::int AS id) x
       LEFT JOIN products p ON p.id = x.id`,
      {
        bind: [
          jobId,
          runId,
          productId,
          shopId,
          action,
          outcome,
          extra.errorCode ?? null,
          extra.message?.slice(0, 4000) ?? null,
          extra.details === undefined ? null : JSON.stringify(extra.details),
        ],
      },
    );
    countSyncOutcome(shopId, action, outcome);
  }

  async failure(jobId: string, productId: number | null, shopId: number | null, action: string, code: string, message: string): Promise<void> {
    await new JobFailures(this.sequelize).record(jobId, productId, shopId, action, code, message);
  }
}
