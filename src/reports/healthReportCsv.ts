import { stringify } from 'csv-stringify/sync';
import type { HealthReport } from './healthReportSchema';

const counts = (errors: { code: string; count: number }[]) => errors.map((e) => `${e.code}:${e.count}`).join('|');

/**
 * GET /reports/health as one CSV table (UTF-8 with BOM for spreadsheets): a line per shop, ERP source, stuck job and
 * schedule problem, told apart by `section`; error counts as "CODE:n|CODE:n".
 */
export function healthReportCsv(r: HealthReport): string {
  const rows: (string | number | boolean | null)[][] = [
    ...r.shops.map((s) => ['shop', s.id, s.name, s.active, s.lastSuccessfulSyncAt, counts(s.errors), null]),
    ...r.erpSources.map((e) => ['erp_source', e.id, e.name, e.active, e.lastSuccessfulPullAt, counts(e.errors), `${e.kind}; last full pull ${e.lastFullPullAt ?? 'never'}`]),
    ...r.stuckJobs.map((j) => ['stuck_job', j.jobId, j.type, null, j.lastProgressAt, null, `started ${j.startedAt}; ${j.minutesWithoutProgress} min without progress`]),
    ...r.schedules.map((s) => ['schedule', s.id, `source ${s.sourceId}`, null, null, s.lastRunStatus, `${s.problem}${s.note ? `: ${s.note}` : ''}`]),
  ];
  return `\uFEFF${stringify(rows, {
    header: true,
    columns: ['section', 'id', 'name', 'active', 'lastSuccessAt', `errors${r.windowHours}h`, 'note'],
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  })}`;
}
