import { QueryTypes, type Sequelize } from 'sequelize';
import type { ErpSourceReport } from './erpSourceReportSchema';

/** A pull that did not end well: failed, or abandoned by a terminated or timed-out workflow. */
const FAILED = `r.outcome IN ('failed', 'abandoned')`;
const DAY = `r.started_at > now() - interval '24 hours'`;
/** Most failed pulls listed per source. */
const FAILURES_LISTED = 20;

interface RunRow {
  source_id: number;
  pull_id: string;
  started_at: Date;
  finished_at: Date | null;
  mode: 'full' | 'incremental' | 'resumed' | null;
  outcome: 'running' | 'success' | 'failed' | 'cancelled' | 'abandoned';
  fetched: number;
  changed: number;
  unchanged: number;
  conflicts: number;
  pictures_failed: number;
  error_code: string | null;
  error_message: string | null;
}

const RUN_COLUMNS = `r.source_id, r.pull_id, r.started_at, r.finished_at, r.mode, r.outcome, r.fetched, r.inserted + r.updated + r.vanished_deactivated AS changed,
  r.unchanged, r.conflicts, r.pictures_failed, r.error_code, r.error_message`;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const rowsOf = (r: { fetched: number; changed: number; unchanged: number; conflicts: number; pictures_failed: number }) => ({
  read: Number(r.fetched),
  changed: Number(r.changed),
  unchanged: Number(r.unchanged),
  failed: Number(r.conflicts),
  picturesFailed: Number(r.pictures_failed),
});
const errorOf = (r: RunRow) => (r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null);

/**
 * Per ERP source: the last pull, pulls and rows summed over 24 h and 7 days, the failed pulls of 7 days. Every query
 * reads erp_pull_runs through its indexes (the last run per source: `erp_pull_runs_source`; the windows: a range
 * of `erp_pull_runs_started`), never the whole table.
 */
export async function buildErpSourceReport(sequelize: Sequelize): Promise<ErpSourceReport> {
  const windowSums = (when: string) =>
    `count(*) FILTER (WHERE ${when})::int, count(*) FILTER (WHERE ${when} AND ${FAILED})::int,
     coalesce(sum(r.fetched) FILTER (WHERE ${when}), 0)::int, coalesce(sum(r.inserted + r.updated + r.vanished_deactivated) FILTER (WHERE ${when}), 0)::int,
     coalesce(sum(r.unchanged) FILTER (WHERE ${when}), 0)::int, coalesce(sum(r.conflicts) FILTER (WHERE ${when}), 0)::int,
     coalesce(sum(r.pictures_failed) FILTER (WHERE ${when}), 0)::int`;
  const [sources, last, windows, failures] = await Promise.all([
    sequelize.query<{ id: number; name: string; kind: string; active: boolean }>(`SELECT id, name, kind, active FROM erp_sources ORDER BY id`, { type: QueryTypes.SELECT }),
    sequelize.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM erp_sources s
         CROSS JOIN LATERAL (SELECT * FROM erp_pull_runs r WHERE r.source_id = s.id ORDER BY r.started_at DESC LIMIT 1) r`,
      { type: QueryTypes.SELECT },
    ),
    sequelize.query<{ source_id: number; day: number[]; week: number[] }>(
      `SELECT r.source_id, ARRAY[${windowSums(DAY)}] AS day, ARRAY[${windowSums('TRUE')}] AS week
         FROM erp_pull_runs r WHERE r.started_at > now() - interval '7 days' GROUP BY r.source_id`,
      { type: QueryTypes.SELECT },
    ),
    sequelize.query<RunRow>(
      `SELECT * FROM (
         SELECT ${RUN_COLUMNS}, row_number() OVER (PARTITION BY r.source_id ORDER BY r.started_at DESC) AS n
           FROM erp_pull_runs r WHERE r.started_at > now() - interval '7 days' AND ${FAILED}) f
        WHERE n <= ${FAILURES_LISTED} ORDER BY source_id, started_at DESC`,
      { type: QueryTypes.SELECT },
    ),
  ]);
  const lastOf = new Map(last.map((r) => [r.source_id, r]));
  const windowOf = new Map(windows.map((w) => [w.source_id, w]));
  const window = (v: number[] | undefined) => {
    const [pulls, failedPulls, fetched, changed, unchanged, conflicts, picturesFailed] = (v ?? [0, 0, 0, 0, 0, 0, 0]).map(Number);
    return { pulls, failedPulls, rows: rowsOf({ fetched, changed, unchanged, conflicts, pictures_failed: picturesFailed }) };
  };
  return {
    generatedAt: new Date().toISOString(),
    sources: sources.map((s) => {
      const l = lastOf.get(s.id);
      return {
        id: s.id,
        name: s.name,
        kind: s.kind,
        active: s.active,
        lastPull: l
          ? { pullId: l.pull_id, startedAt: iso(l.started_at)!, finishedAt: iso(l.finished_at), mode: l.mode, outcome: l.outcome, rows: rowsOf(l), error: errorOf(l) }
          : null,
        last24h: window(windowOf.get(s.id)?.day),
        last7d: window(windowOf.get(s.id)?.week),
        failures: failures
          .filter((f) => f.source_id === s.id)
          .map((f) => ({ pullId: f.pull_id, startedAt: iso(f.started_at)!, finishedAt: iso(f.finished_at), mode: f.mode, error: errorOf(f) ?? { code: 'UNKNOWN', message: '' } })),
      };
    }),
  };
}
