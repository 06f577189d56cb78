import type { Sequelize } from 'sequelize';
import { recordedOutcomes } from '../shopPush/recordedOutcomes';
import type { JobProgress, ProgressCounters } from '../../workflows/syncTypes';

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
