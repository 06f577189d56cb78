import type { FailureRow } from '../../shopPush/jobFailures';
import type { JobView } from '../../jobs/jobStatus';
import { counts, duration } from './progressText';

export interface FailureReason {
  shopId: number | null;
  code: string;
  message: string | null;
  count: number;
  productIds: number[];
}

/** Failures grouped by shop, code and message, most frequent first. */
export function failureReasons(failures: FailureRow[]): FailureReason[] {
  const groups = new Map<string, FailureReason>();
  for (const f of failures) {
    const key = `${f.shopId}\u0000${f.code}\u0000${f.message ?? ''}`;
    const g: FailureReason = groups.get(key) ?? { shopId: f.shopId, code: f.code, message: f.message, count: 0, productIds: [] };
    g.count++;
    if (g.productIds.length < 5 && f.productId !== null) g.productIds.push(f.productId);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function failureLine(f: FailureRow): string {
  return `✗ product ${f.productId ?? '-'} → shop ${f.shopId ?? '-'}: ${f.code}${f.message ? ` — ${f.message}` : ''}`;
}

/** The closing text of a watched job: outcome, counters (total and per shop), failure reasons, or a pull's result. */
export function jobReport(job: JobView, failures: FailureRow[]): string[] {
  const took = job.startedAt && job.closedAt ? ` in ${duration((Date.parse(job.closedAt) - Date.parse(job.startedAt)) / 1000)}` : '';
  const lines = [`${job.id}: ${job.status}${took}`];
  const p = job.progress;
  if (p) {
    lines.push(`  ${p.done}/${p.total} items: ${counts(p)}`);
    for (const [shopId, c] of Object.entries(p.perShop ?? {})) lines.push(`  shop ${shopId}: ${counts(c)}`);
    if (p.plan) lines.push(`  plan: create ${p.plan.create} · update ${p.plan.update} · delete ${p.plan.delete} · skip ${p.plan.skip}${p.confirmBy ? ` (confirm by ${p.confirmBy})` : ''}`);
    if (p.compensated || p.compensationFailed) lines.push(`  compensated ${p.compensated}, compensation failed ${p.compensationFailed}`);
    const reasons = failureReasons(failures);
    if (reasons.length) {
      lines.push('  failures by reason:');
      for (const r of reasons.slice(0, 10)) lines.push(`    ${r.count} × shop ${r.shopId} ${r.code}${r.message ? `: ${r.message}` : ''} (e.g. products ${r.productIds.join(', ')})`);
      if (reasons.length > 10) lines.push(`    … and ${reasons.length - 10} more reasons (ppm jobs failures are at GET /api/v1/jobs/{id}/failures)`);
    }
  } else if (job.result && typeof job.result === 'object') {
    const r = job.result as Record<string, unknown>;
    // An ERP pull's result keeps its figures under `counters`; other jobs at the top level.
    const figures = (r.counters && typeof r.counters === 'object' ? r.counters : r) as Record<string, unknown>;
    const numbers = Object.entries(figures).filter(([, v]) => typeof v === 'number' && v !== 0);
    if (numbers.length) lines.push(`  ${numbers.map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  }
  if (job.error) lines.push(`  error: ${job.error.message}`);
  return lines;
}
