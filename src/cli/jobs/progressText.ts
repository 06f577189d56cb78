import type { JobView } from '../../jobs/jobStatus';
import type { ProgressCounters } from '../../../workflows/syncTypes';

/** Items per second over a sliding window of progress samples (for the bar's rate and ETA). */
export class RateMeter {
  private samples: { at: number; done: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  add(done: number, at = Date.now()): void {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[0].at > this.windowMs) this.samples.shift();
  }

  perSecond(): number | null {
    if (this.samples.length < 2) return null;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.at > a.at && b.done > a.done ? ((b.done - a.done) * 1000) / (b.at - a.at) : null;
  }
}

export function bar(done: number, total: number, width = 28): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(ratio * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "created 12 · updated 3 · unchanged 40 · skipped 1 · failed 2" (zeros left out, except when all are zero). */
export function counts(c: ProgressCounters): string {
  const parts = [
    ['created', c.created],
    ['updated', c.updated],
    ['deleted', c.deleted],
    ['unchanged', c.skippedUnchanged],
    ['skipped', c.skippedOther],
    ['failed', c.failed],
  ] as const;
  const shown = parts.filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
  return shown.length ? shown.join(' · ') : 'nothing done yet';
}

/** The lines of a live job: a headline with the bar, rate and ETA, then one line per shop. */
export function progressLines(job: JobView, perSecond: number | null, elapsedSeconds: number): string[] {
  const p = job.progress;
  if (!p) {
    const pull = job.pullProgress;
    const figures = pull ? `  ${pull.phase}: fetched ${pull.counters.fetched} · inserted ${pull.counters.inserted} · updated ${pull.counters.updated} · unchanged ${pull.counters.unchanged}` : '';
    return [`${job.id}  ${job.status}${figures}  ${duration(elapsedSeconds)}`];
  }
  const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
  const rate = perSecond ? `  ${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s` : '';
  const eta = perSecond && p.total > p.done ? `  ETA ${duration((p.total - p.done) / perSecond)}` : '';
  const state = job.status === 'running' ? p.phase : job.status;
  const lines = [`${p.operation} ${bar(p.done, p.total)} ${String(pct).padStart(3)}%  ${p.done}/${p.total}${rate}${eta}  ${state}  ${duration(elapsedSeconds)}`];
  for (const [shopId, c] of Object.entries(p.perShop ?? {})) lines.push(`  shop ${shopId}: ${c.done}/${c.total}  ${counts(c)}`);
  return lines;
}
