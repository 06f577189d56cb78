import { QueryTypes, type Sequelize } from 'sequelize';
import type { UndoStep } from './pushItem';
import type { ShopProductPayload } from './shopPayload';

/** How to undo one item's write, logged before the write (bulk jobs with onFailure=compensate). */
export interface StoredUndo {
  productId: number;
  shopId: number;
  step: UndoStep;
  prevLedger: { remoteId: number | null; payloadHash: string | null } | null;
}

/** The undo log of bulk compensation (table job_undo_log). */
export class UndoLog {
  constructor(private readonly sequelize: Sequelize) {}

  /** Logs how to undo a write before it happens; only the first step per item counts (the pre-job state). */
  async logUndo(jobId: string, u: StoredUndo): Promise<void> {
    const s = u.step;
    await this.sequelize.query(
      `INSERT INTO job_undo_log (job_id, shop_id, product_id, kind, reference, remote_id, before_image, prev_ledger)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) ON CONFLICT DO NOTHING`,
      {
        bind: [
          jobId,
          u.shopId,
          u.productId,
          s.kind,
          s.reference,
          s.kind === 'recreate' ? null : s.remoteId,
          s.kind === 'delete' ? null : JSON.stringify(s.before),
          u.prevLedger ? JSON.stringify(u.prevLedger) : null,
        ],
      },
    );
  }

  /** A create's remote id, once known (so compensation deletes by id rather than by reference). */
  async setUndoRemoteId(jobId: string, shopId: number, productId: number, remoteId: number): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_undo_log SET remote_id = $4 WHERE job_id = $1 AND shop_id = $2 AND product_id = $3 AND kind = 'delete' AND remote_id IS NULL`,
      { bind: [jobId, shopId, productId, remoteId] },
    );
  }

  /** Pending undo steps of one shop, newest first. */
  async pendingUndos(jobId: string, shopId: number, limit: number): Promise<StoredUndo[]> {
    const rows = await this.sequelize.query<{
      productId: number;
      shopId: number;
      kind: UndoStep['kind'];
      reference: string;
      remoteId: number | null;
      before: ShopProductPayload | null;
      prevLedger: StoredUndo['prevLedger'];
    }>(
      `SELECT product_id AS "productId", shop_id AS "shopId", kind, reference, remote_id AS "remoteId", before_image AS before,
              prev_ledger AS "prevLedger"
         FROM job_undo_log WHERE job_id = $1 AND shop_id = $2 AND state = 'pending' ORDER BY id DESC LIMIT $3`,
      { bind: [jobId, shopId, limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      productId: r.productId,
      shopId: r.shopId,
      prevLedger: r.prevLedger,
      step:
        r.kind === 'delete'
          ? { kind: 'delete', reference: r.reference, remoteId: r.remoteId }
          : r.kind === 'restore'
            ? { kind: 'restore', reference: r.reference, remoteId: r.remoteId!, before: r.before! }
            : { kind: 'recreate', reference: r.reference, before: r.before! },
    }));
  }

  async markUndo(jobId: string, shopId: number, productId: number, state: 'done' | 'failed'): Promise<void> {
    await this.sequelize.query(`UPDATE job_undo_log SET state = $4 WHERE job_id = $1 AND shop_id = $2 AND product_id = $3`, {
      bind: [jobId, shopId, productId, state],
    });
  }
}
