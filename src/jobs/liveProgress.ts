import { QueryTypes, type Sequelize } from 'sequelize';
import type { JobProgress, ProgressCounters } from '../../workflows/syncTypes';

type Kind = 'created' | 'updated' | 'deleted' | 'skippedUnchanged' | 'skippedOther' | 'failed';

/**
 * Per-shop outcome counts of a job as recorded so far (one per product × shop: the latest history row, or a failure
 * row when there is none). Items finish long before their batch does; this is what makes progress move within a
 * second or two of the first finished item.
 */
export async function recordedOutcomes(sequelize: Sequelize, jobId: string): Promise<Map<number, Record<Kind, number>>> {
  const rows = await sequelize.query<{ shop_id: number; kind: Kind; n: number }>(
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
  const out = new Map<number, Record<Kind, number>>();
  for (const r of rows) {
    const c = out.get(r.shop_id) ?? { created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0 };
    c[r.kind] += r.n;
    out.set(r.shop_id, c);
  }
  return out;
}

/**
 * A running bulk apply job's progress with its counters taken from the recorded outcomes when those are ahead of
 * the workflow's (which moves per finished batch), plus the rate (items/s since the start) and an ETA.
 */
export async function withLiveCounts(sequelize: Sequelize, p: JobProgress, now = Date.now()): Promise<JobProgress> {
  const live = p.kind === 'bulk' && p.mode === 'apply' && p.operation !== 'export' && p.phase === 'running' ? await recordedOutcomes(sequelize, p.jobId) : null;
  const out: JobProgress = { ...p, perShop: { ...p.perShop } };
  if (live) {
    const sum = (c: Partial<ProgressCounters>) => (c.created ?? 0) + (c.updated ?? 0) + (c.deleted ?? 0) + (c.skippedUnchanged ?? 0) + (c.skippedOther ?? 0) + (c.failed ?? 0);
    const totals = { done: 0, created: 0, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0 };
    for (const [key, shop] of Object.entries(out.perShop)) {
      const c = live.get(Number(key));
      const merged = c && sum(c) > shop.done ? { ...shop, ...c, done: sum(c) } : shop;
      out.perShop[key] = merged;
      for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += merged[k];
    }
    if (totals.done > out.done) Object.assign(out, totals);
  }
  const elapsed = (now - Date.parse(p.startedAt)) / 1000;
  out.itemsPerSecond = elapsed > 0 ? Math.round((out.done / elapsed) * 10) / 10 : null;
  out.etaSeconds = out.itemsPerSecond && out.total > out.done && p.phase === 'running' ? Math.round((out.total - out.done) / out.itemsPerSecond) : null;
  return out;
}
