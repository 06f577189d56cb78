import { QueryTypes, type Sequelize } from 'sequelize';

type OutcomeKind = 'created' | 'updated' | 'deleted' | 'skippedUnchanged' | 'skippedOther' | 'failed';

/**
 * Per-shop outcome counts of a job as recorded so far (one per product × shop: the latest history row, or a failure
 * row when there is none). Items finish long before their batch does; this is what makes progress move within a
 * second or two of the first finished item.
 */
export async function recordedOutcomes(sequelize: Sequelize, jobId: string): Promise<Map<number, Record<OutcomeKind, number>>> {
  const rows = await sequelize.query<{ shop_id: number; kind: OutcomeKind; n: number }>(
    `WITH latest AS (
       SELECT DISTINCT ON (h.shop_id, h.product_id) h.shop_id, h.product_id, h.action, h.outcome, h.message
         FROM sync_history h WHERE h.job_id = $1 AND h.action <> 'compensate' AND h.product_id IS NOT NULL
        ORDER BY h.shop_id, h.product_id, h.id DESC
     )
     SELECT shop_id, CASE WHEN outcome = 'failed' THEN 'failed' WHEN action = 'create' THEN 'created' WHEN action = 'update' THEN 'updated'
                          WHEN action = 'delete' THEN 'deleted' WHEN message = 'unchanged' THEN 'skippedUnchanged' ELSE 'skippedOther' END AS kind,
            count(*)::int AS n
       FROM latest GROUP BY 1, 2
     UNION ALL
     SELECT f.shop_id, 'failed', count(DISTINCT f.product_id)::int FROM job_failures f
      WHERE f.job_id = $1 AND f.action <> 'compensate'
        AND NOT EXISTS (SELECT 1 FROM latest l WHERE l.shop_id = f.shop_id AND l.product_id = f.product_id)
      GROUP BY f.shop_id`,
    { bind: [jobId], type: QueryTypes.SELECT },
  );
  const out = new Map<number, Record<OutcomeKind, number>>();
  for (const r of rows) {
    const c = out.get(r.shop_id) ?? { created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0 };
    c[r.kind] += r.n;
    out.set(r.shop_id, c);
  }
  return out;
}
