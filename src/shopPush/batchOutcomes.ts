import { QueryTypes, type Sequelize } from 'sequelize';
import type { BatchCounts } from '../../workflows/syncTypes';

/** The stage a batch runs in: push (work), store a preview plan (plan), or apply a stored plan (apply-plan). */
export type BatchStage = 'work' | 'plan' | 'apply-plan';

/** SQL: the selection row `s` has its stage's record in job $1 and shop $2 (a plan item, or a history row). */
const recorded = (stage: BatchStage) =>
  stage === 'plan'
    ? `EXISTS (SELECT 1 FROM job_plan_items p WHERE p.job_id = $1 AND p.shop_id = $2 AND p.product_id = s.product_id)`
    : `EXISTS (SELECT 1 FROM sync_history h WHERE h.job_id = $1 AND h.shop_id = $2 AND h.product_id = s.product_id AND h.action <> 'compensate')`;
/** SQL: the selection row `s` has a failure recorded in job $1 and shop $2. */
const failed = `EXISTS (SELECT 1 FROM job_failures f WHERE f.job_id = $1 AND f.shop_id = $2 AND f.product_id = s.product_id AND f.action <> 'compensate')`;

/**
 * A batch's counters read back from what the job recorded (history rows, failure rows, plan rows), one outcome
 * per product × shop: the latest history row wins, a failure without one counts as failed. Retries, crashes and
 * resumes cannot count an item twice or count a retried item's own earlier write as someone else's.
 */
export class BatchOutcomes {
  constructor(private readonly sequelize: Sequelize) {}

  /** Products of the range that already have an outcome in this job and shop (skipped on resume). */
  async finished(jobId: string, shopId: number, fromSeq: number, toSeq: number, stage: BatchStage): Promise<Set<number>> {
    const rows = await this.rangeWhere(`(${recorded(stage)} OR ${failed})`, jobId, shopId, fromSeq, toSeq);
    return new Set(rows.map((r) => r.product_id));
  }

  /** Products of the range with no plan item (plan stage) or history row (other stages) in this job and shop, in no order. */
  async unrecorded(jobId: string, shopId: number, fromSeq: number, toSeq: number, stage: BatchStage): Promise<number[]> {
    const rows = await this.rangeWhere(`NOT ${recorded(stage)}`, jobId, shopId, fromSeq, toSeq);
    return rows.map((r) => r.product_id);
  }

  /** The products of the job's selection range [fromSeq, toSeq) (`s`) that meet `condition` ($1 job, $2 shop). */
  private rangeWhere(condition: string, jobId: string, shopId: number, fromSeq: number, toSeq: number) {
    return this.sequelize.query<{ product_id: number }>(`SELECT s.product_id FROM job_selection s WHERE s.job_id = $1 AND s.seq >= $3 AND s.seq < $4 AND ${condition}`, {
      bind: [jobId, shopId, fromSeq, toSeq],
      type: QueryTypes.SELECT,
    });
  }

  /** Counters of the range (work and apply-plan stages: outcomes; plan stage: planned actions). */
  async counts(jobId: string, shopId: number, fromSeq: number, toSeq: number, stage: BatchStage): Promise<BatchCounts> {
    const zero: BatchCounts = { processed: 0, created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0, planCreate: 0, planUpdate: 0, planDelete: 0, planSkip: 0 };
    if (stage === 'plan') {
      const rows = await this.sequelize.query<{ action: string; n: number }>(
        `SELECT p.action, count(*)::int AS n FROM job_plan_items p
           JOIN job_selection s ON s.job_id = p.job_id AND s.product_id = p.product_id AND s.seq >= $3 AND s.seq < $4
          WHERE p.job_id = $1 AND p.shop_id = $2 GROUP BY p.action
         UNION ALL
         SELECT 'failed', count(DISTINCT f.product_id)::int FROM job_failures f
           JOIN job_selection s ON s.job_id = f.job_id AND s.product_id = f.product_id AND s.seq >= $3 AND s.seq < $4
          WHERE f.job_id = $1 AND f.shop_id = $2 AND f.action <> 'compensate'
            AND NOT EXISTS (SELECT 1 FROM job_plan_items p WHERE p.job_id = $1 AND p.shop_id = $2 AND p.product_id = f.product_id)`,
        { bind: [jobId, shopId, fromSeq, toSeq], type: QueryTypes.SELECT },
      );
      const c = { ...zero };
      for (const r of rows) {
        c.processed += r.n;
        if (r.action === 'create') c.planCreate += r.n;
        else if (r.action === 'update') c.planUpdate += r.n;
        else if (r.action === 'delete') c.planDelete += r.n;
        else if (r.action === 'failed') c.failed += r.n;
        else c.planSkip += r.n;
      }
      return c;
    }
    const rows = await this.sequelize.query<{ kind: string; n: number }>(
      `WITH sel AS (SELECT DISTINCT product_id FROM job_selection WHERE job_id = $1 AND seq >= $3 AND seq < $4),
       latest AS (
         SELECT DISTINCT ON (h.product_id) h.product_id, h.action, h.outcome, h.message
           FROM sync_history h JOIN sel ON sel.product_id = h.product_id
          WHERE h.job_id = $1 AND h.shop_id = $2 AND h.action <> 'compensate'
          ORDER BY h.product_id, h.id DESC
       ),
       failed_only AS (
         SELECT DISTINCT f.product_id FROM job_failures f JOIN sel ON sel.product_id = f.product_id
          WHERE f.job_id = $1 AND f.shop_id = $2 AND f.action <> 'compensate'
            AND NOT EXISTS (SELECT 1 FROM latest l WHERE l.product_id = f.product_id)
       )
       SELECT CASE WHEN outcome = 'failed' THEN 'failed'
                   WHEN action = 'create' THEN 'created' WHEN action = 'update' THEN 'updated' WHEN action = 'delete' THEN 'deleted'
                   WHEN message = 'unchanged' THEN 'skippedUnchanged' ELSE 'skippedOther' END AS kind, count(*)::int AS n
         FROM latest GROUP BY 1
       UNION ALL SELECT 'failed', count(*)::int FROM failed_only`,
      { bind: [jobId, shopId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
    const c = { ...zero };
    for (const r of rows) {
      c.processed += r.n;
      (c as unknown as Record<string, number>)[r.kind] += r.n;
    }
    return c;
  }

  /**
   * Records, first writer wins, whether each product existed in the shop at this job's first look; returns what is
   * stored for every given product and which of them were recorded by an earlier attempt (resumed items).
   */
  async intents(jobId: string, shopId: number, items: Array<{ productId: number; existed: boolean }>): Promise<Map<number, { existed: boolean; earlier: boolean }>> {
    if (items.length === 0) return new Map();
    const rows = await this.sequelize.query<{ product_id: number; existed: boolean; inserted: boolean }>(
      `WITH given AS (SELECT * FROM unnest($3::int[], $4::boolean[]) AS g(product_id, existed)),
       ins AS (
         INSERT INTO job_item_intents (job_id, shop_id, product_id, existed)
         SELECT $1, $2, product_id, existed FROM given ON CONFLICT DO NOTHING RETURNING product_id
       )
       SELECT g.product_id, COALESCE(i.existed, g.existed) AS existed, (ins.product_id IS NOT NULL) AS inserted
         FROM given g
         LEFT JOIN job_item_intents i ON i.job_id = $1 AND i.shop_id = $2 AND i.product_id = g.product_id
         LEFT JOIN ins ON ins.product_id = g.product_id`,
      { bind: [jobId, shopId, items.map((i) => i.productId), items.map((i) => i.existed)], type: QueryTypes.SELECT },
    );
    return new Map(rows.map((r) => [r.product_id, { existed: r.existed, earlier: !r.inserted }]));
  }
}
