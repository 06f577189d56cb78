import { QueryTypes, type Sequelize } from 'sequelize';
import type { ErpPullRanMode } from '../../workflows/erpPullIds';
import type { ErpWriteCounts } from './erpPageUpsert';

/**
 * One ERP pull's row in `erp_pull_runs` (migration 0022): what GET /reports/erp-sources reads. Every write is
 * idempotent: counters are absolute totals (never `+=`), so a retried activity writes the same numbers again.
 */

/** A pull's running totals as the workflow keeps them (ErpPullCounters has these and more). */
export type PullRunCounters = ErpWriteCounts & {
  pages: number;
  fetched: number;
  vanishedDeactivated: number;
  picturesFailed: number;
};

/** Which pull a page or finish call belongs to: its id and the totals of the pages before this call. */
export interface PullRunRef {
  pullId: string;
  before: PullRunCounters;
}

export type PullRunOutcome = 'running' | 'success' | 'failed' | 'cancelled' | 'abandoned';

const COLUMNS: Record<keyof PullRunCounters, string> = {
  pages: 'pages',
  fetched: 'fetched',
  inserted: 'inserted',
  updated: 'updated',
  unchanged: 'unchanged',
  deactivated: 'deactivated',
  reactivated: 'reactivated',
  conflicts: 'conflicts',
  vanishedDeactivated: 'vanished_deactivated',
  picturesFailed: 'pictures_failed',
};
const KEYS = Object.keys(COLUMNS) as (keyof PullRunCounters)[];
/** `pages = $n, fetched = $n+1, ...` from bind position `from`. */
const setCounters = (from: number) => KEYS.map((k, i) => `${COLUMNS[k]} = $${from + i}`).join(', ');
const counterValues = (c: Partial<PullRunCounters>) => KEYS.map((k) => Math.max(0, Math.floor(c[k] ?? 0)));

/** `before` plus what this call has written so far (a page activity's accumulated counters). */
export function addRunCounters(before: PullRunCounters, written: Partial<Record<keyof PullRunCounters, number>>): PullRunCounters {
  return Object.fromEntries(KEYS.map((k) => [k, (before[k] ?? 0) + (written[k] ?? 0)])) as unknown as PullRunCounters;
}

/**
 * A pull begins: its row is created (a retry finds it there) and runs of the source still marked running are
 * closed as abandoned — a source has one pull at a time (workflow id `erp-pull:<sourceId>`), so they belong to
 * workflows that were terminated or timed out without closing their run.
 */
export async function openPullRun(sequelize: Sequelize, run: { pullId: string; sourceId: number; workflowId: string | null; mode: ErpPullRanMode; startedAt: string }): Promise<void> {
  await sequelize.query(
    `WITH abandoned AS (
       UPDATE erp_pull_runs SET outcome = 'abandoned', finished_at = now(), error_code = 'ABANDONED',
              error_message = 'the pull ended without closing its run (its workflow was terminated or timed out)'
        WHERE source_id = $2 AND outcome = 'running' AND pull_id <> $1
     )
     INSERT INTO erp_pull_runs (pull_id, source_id, workflow_id, mode, started_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (pull_id) DO UPDATE SET mode = EXCLUDED.mode`,
    { bind: [run.pullId, run.sourceId, run.workflowId, run.mode, run.startedAt] },
  );
}

/** The pull's totals after a checkpointed page (absolute: a retry of the page call sets the same values). */
export async function recordPullProgress(sequelize: Sequelize, pullId: string, totals: PullRunCounters): Promise<void> {
  await sequelize.query(`UPDATE erp_pull_runs SET ${setCounters(2)} WHERE pull_id = $1 AND outcome = 'running'`, { bind: [pullId, ...counterValues(totals)] });
}

/**
 * The totals a running pull has checkpointed so far (written after every page), or null when it has no running
 * row yet. Matched on its start time too: every pull of a source has the same workflow id, and an earlier pull that
 * was terminated keeps a running row until the next pull's erpPullBegin marks it abandoned. The workflow's own counters move once per page activity call (up to 10 pages); the job status adds
 * these so that a running pull's progress moves with every page.
 */
export async function runningPullTotals(sequelize: Sequelize, pull: { sourceId: number; workflowId: string; startedAt: string }): Promise<PullRunCounters | null> {
  const [row] = await sequelize.query<Record<string, number>>(
    `SELECT ${KEYS.map((k) => `${COLUMNS[k]} AS "${k}"`).join(', ')} FROM erp_pull_runs
      WHERE source_id = $1 AND workflow_id = $2 AND started_at = $3::timestamptz AND outcome = 'running'`,
    { bind: [pull.sourceId, pull.workflowId, pull.startedAt], type: QueryTypes.SELECT },
  );
  return row ? (Object.fromEntries(KEYS.map((k) => [k, Number(row[k])])) as unknown as PullRunCounters) : null;
}

/**
 * Closes a pull's run with its outcome and final totals. The row is created when missing (a pull that failed
 * before erpPullBegin recorded it, e.g. a disabled source); a source that no longer exists has no row to keep. A
 * run closed as a success stays one (the follow-up shop sync failing to start is not a failed pull).
 */
export async function closePullRun(
  sequelize: Sequelize,
  run: {
    pullId: string;
    sourceId: number;
    workflowId?: string | null;
    mode?: ErpPullRanMode | null;
    startedAt: string;
    outcome: Exclude<PullRunOutcome, 'running' | 'abandoned'>;
    totals: PullRunCounters;
    error?: { code: string; message: string } | null;
  },
): Promise<void> {
  const counters = KEYS.map((k) => COLUMNS[k]);
  await sequelize.query(
    `INSERT INTO erp_pull_runs (pull_id, source_id, workflow_id, mode, started_at, outcome, finished_at, error_code, error_message, ${counters.join(', ')})
     SELECT $1::text, $2::int, $3::text, $4::text, $5::timestamptz, $6::text, now(), $7::text, $8::text, ${counters.map((_, i) => `$${9 + i}::int`).join(', ')}
      WHERE EXISTS (SELECT 1 FROM erp_sources WHERE id = $2::int)
     ON CONFLICT (pull_id) DO UPDATE SET outcome = EXCLUDED.outcome, finished_at = coalesce(erp_pull_runs.finished_at, now()),
       mode = coalesce(erp_pull_runs.mode, EXCLUDED.mode), error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
       ${counters.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
      WHERE erp_pull_runs.outcome <> 'success'`,
    {
      bind: [
        run.pullId,
        run.sourceId,
        run.workflowId ?? null,
        run.mode ?? null,
        run.startedAt,
        run.outcome,
        run.error?.code.slice(0, 32) ?? null,
        run.error?.message.slice(0, 1000) ?? null,
        ...counterValues(run.totals),
      ],
    },
  );
}
