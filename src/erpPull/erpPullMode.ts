import type { ErpPullRequestedMode } from '../../workflows/erpPullIds';
/**
 * Which kind of ERP pull to run: a full scan (reads every product, deactivates the ones that vanished) or an
 * incremental one (starts from the stored changes cursor, reads only what changed since the last scan began).
 */


export const DEFAULT_FULL_PULL_EVERY_HOURS = 24;

export interface ErpPullModeInput {
  requested: ErpPullRequestedMode;
  /** Stored changes cursor of the source (null: the ERP has none or no pull stored one yet). */
  changesCursor: string | null;
  lastFullPullAt: Date | null;
  /** Source setting `fullPullEveryHours` (raw JSON value). */
  fullPullEveryHours: unknown;
  now: Date;
}

export interface ErpPullModeDecision {
  mode: 'full' | 'incremental';
  /** Where the pull starts: null for a full scan, the stored changes cursor for an incremental one. */
  startCursor: string | null;
  reason: string;
}

/** `fullPullEveryHours` as a number of hours ≥ 0 (0: every automatic pull is full); invalid → the default. */
export function fullPullEveryHoursOf(raw: unknown): number {
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : DEFAULT_FULL_PULL_EVERY_HOURS;
}

/**
 * Decides the mode. Without a stored cursor even an explicit 'incremental' request runs full: there is
 * nothing to start from, and a full scan is always correct (only slower).
 */
export function decideErpPullMode(input: ErpPullModeInput): ErpPullModeDecision {
  const full = (reason: string): ErpPullModeDecision => ({ mode: 'full', startCursor: null, reason });
  if (input.requested === 'full') return full('full pull requested');
  if (!input.changesCursor) return full('no changes cursor stored (first pull, or the ERP has no change tracking)');
  if (input.requested === 'incremental') return { mode: 'incremental', startCursor: input.changesCursor, reason: 'incremental pull requested' };
  if (!input.lastFullPullAt) return full('no full pull recorded');
  const maxAgeMs = fullPullEveryHoursOf(input.fullPullEveryHours) * 3_600_000;
  const ageMs = input.now.getTime() - input.lastFullPullAt.getTime();
  if (ageMs >= maxAgeMs) return full(`last full pull is older than ${fullPullEveryHoursOf(input.fullPullEveryHours)} h`);
  return { mode: 'incremental', startCursor: input.changesCursor, reason: 'changes cursor stored and last full pull is recent' };
}
