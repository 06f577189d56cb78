import { QueryTypes, type Sequelize } from 'sequelize';
import type { FieldChange } from './fieldDiff';
import type { PlannedAction } from './pushItem';
import type { ShopProductPayload } from './shopPayload';

/** One planned item of a preview (what the user confirms, applied later exactly as stored). */
export interface StoredPlanItem {
  shopId: number;
  productId: number;
  seq: number;
  action: PlannedAction;
  remoteId: number | null;
  changes: FieldChange[];
  payload: ShopProductPayload | null;
  payloadHash: string | null;
}

/** The preview plans of jobs (table job_plan_items): stored by the plan stage, applied by the apply-plan stage. */
export class PlanStore {
  constructor(private readonly sequelize: Sequelize) {}

  async storePlanItem(jobId: string, item: StoredPlanItem): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_plan_items (job_id, shop_id, product_id, seq, action, remote_id, changes, payload, payload_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)
       ON CONFLICT (job_id, shop_id, product_id) DO UPDATE SET action = EXCLUDED.action, remote_id = EXCLUDED.remote_id,
         changes = EXCLUDED.changes, payload = EXCLUDED.payload, payload_hash = EXCLUDED.payload_hash`,
      {
        bind: [
          jobId,
          item.shopId,
          item.productId,
          item.seq,
          item.action,
          item.remoteId,
          JSON.stringify(item.changes),
          item.payload ? JSON.stringify(item.payload) : null,
          item.payloadHash,
        ],
      },
    );
  }

  async planRange(jobId: string, shopId: number, fromSeq: number, toSeq: number): Promise<StoredPlanItem[]> {
    return this.sequelize.query<StoredPlanItem>(
      `SELECT shop_id AS "shopId", product_id AS "productId", seq, action, remote_id AS "remoteId", changes, payload,
              payload_hash AS "payloadHash"
         FROM job_plan_items WHERE job_id = $1 AND shop_id = $2 AND seq >= $3 AND seq < $4 ORDER BY seq`,
      { bind: [jobId, shopId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
  }

  async markPlanApplied(jobId: string, shopId: number, productId: number): Promise<void> {
    await this.sequelize.query(`UPDATE job_plan_items SET applied_at = now() WHERE job_id = $1 AND shop_id = $2 AND product_id = $3`, {
      bind: [jobId, shopId, productId],
    });
  }

  /** One page of a job's plan (the preview the user confirms), optionally only actual changes. */
  async planPage(jobId: string, opts: { limit: number; offset: number; onlyChanges: boolean; shopId?: number }): Promise<{ total: number; items: StoredPlanItem[] }> {
    const filters = [`job_id = $1`];
    const bind: unknown[] = [jobId];
    if (opts.onlyChanges) filters.push(`action <> 'skip'`);
    if (opts.shopId !== undefined) {
      bind.push(opts.shopId);
      filters.push(`shop_id = $${bind.length}`);
    }
    const where = filters.join(' AND ');
    const [c] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_plan_items WHERE ${where}`, { bind, type: QueryTypes.SELECT });
    const items = await this.sequelize.query<StoredPlanItem>(
      `SELECT shop_id AS "shopId", product_id AS "productId", seq, action, remote_id AS "remoteId", changes, NULL AS payload,
              payload_hash AS "payloadHash"
         FROM job_plan_items WHERE ${where} ORDER BY seq, shop_id LIMIT ${Math.trunc(opts.limit)} OFFSET ${Math.trunc(opts.offset)}`,
      { bind, type: QueryTypes.SELECT },
    );
    return { total: c?.n ?? 0, items };
  }
}
