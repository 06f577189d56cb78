import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { QueryTypes, type Sequelize } from 'sequelize';
import { ErpPullSchedules } from '../erpPull/erpPullSchedules';
import type { HealthReport } from './healthReportSchema';

const JOB_TYPES: Record<string, string> = {
  productSyncWorkflow: 'product-sync',
  bulkOperationWorkflow: 'bulk',
  erpPullWorkflow: 'erp-pull',
  erpPullScheduledWorkflow: 'erp-pull',
  catalogStatsWorkflow: 'catalog-stats',
};
const WINDOW_HOURS = 24;
/** At most this many running jobs and closed pulls are looked at (the report stays cheap on a busy namespace). */
const SCAN_LIMIT = 500;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

async function listSome(temporal: Client, query: string): Promise<WorkflowExecutionInfo[]> {
  const out: WorkflowExecutionInfo[] = [];
  for await (const w of temporal.workflow.list({ query })) {
    out.push(w);
    if (out.length >= SCAN_LIMIT) break;
  }
  return out;
}

async function shopRows(sequelize: Sequelize): Promise<HealthReport['shops']> {
  const shops = await sequelize.query<{ id: number; name: string; active: boolean; last_ok: Date | null }>(
    `SELECT s.id, s.name, s.active,
            (SELECT max(h.created_at) FROM sync_history h WHERE h.shop_id = s.id AND h.outcome IN ('success', 'skipped') AND h.action <> 'compensate') AS last_ok
       FROM shops s ORDER BY s.id`,
    { type: QueryTypes.SELECT },
  );
  const errors = await sequelize.query<{ shop_id: number; code: string; count: string }>(
    `SELECT shop_id, coalesce(error_code, 'UNKNOWN') AS code, count(*) AS count FROM sync_history
      WHERE outcome = 'failed' AND shop_id IS NOT NULL AND created_at > now() - make_interval(hours => $1)
      GROUP BY shop_id, coalesce(error_code, 'UNKNOWN') ORDER BY count(*) DESC`,
    { bind: [WINDOW_HOURS], type: QueryTypes.SELECT },
  );
  return shops.map((s) => ({
    id: s.id,
    name: s.name,
    active: s.active,
    lastSuccessfulSyncAt: iso(s.last_ok),
    errors: errors.filter((e) => e.shop_id === s.id).map((e) => ({ code: e.code, count: Number(e.count) })),
  }));
}

async function erpSourceRows(sequelize: Sequelize, temporal: Client): Promise<HealthReport['erpSources']> {
  const sources = await sequelize.query<{ id: number; name: string; kind: string; active: boolean; last_pull_at: Date | null; last_full_pull_at: Date | null }>(
    `SELECT id, name, kind, active, last_pull_at, last_full_pull_at FROM erp_sources ORDER BY id`,
    { type: QueryTypes.SELECT },
  );
  const since = new Date(Date.now() - WINDOW_HOURS * 3_600_000).toISOString();
  const closed = await listSome(
    temporal,
    `WorkflowType IN ('erpPullWorkflow', 'erpPullScheduledWorkflow') AND ExecutionStatus IN ('Failed', 'TimedOut', 'Terminated', 'Canceled') AND CloseTime > '${since}'`,
  );
  const failures = new Map<number, Map<string, number>>();
  for (const w of closed) {
    const m = /^erp-pull[:-](\d+)/.exec(w.workflowId);
    if (!m) continue;
    const byCode = failures.get(Number(m[1])) ?? new Map<string, number>();
    byCode.set(w.status.name, (byCode.get(w.status.name) ?? 0) + 1);
    failures.set(Number(m[1]), byCode);
  }
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    active: s.active,
    lastSuccessfulPullAt: iso(s.last_pull_at),
    lastFullPullAt: iso(s.last_full_pull_at),
    errors: [...(failures.get(s.id) ?? new Map<string, number>())].map(([code, count]) => ({ code, count })),
  }));
}

/** Running jobs (not paused, not waiting for a confirmation) with no recorded outcome for `stuckMinutes`. */
async function stuckJobs(sequelize: Sequelize, temporal: Client, stuckMinutes: number): Promise<HealthReport['stuckJobs']> {
  const running = await listSome(
    temporal,
    `WorkflowType IN (${Object.keys(JOB_TYPES).map((t) => `'${t}'`).join(', ')}) AND ExecutionStatus = 'Running'`,
  );
  const candidates = running.filter((w) => {
    const phase = w.searchAttributes?.PpmJobPhase as unknown[] | undefined;
    return !phase || !['paused', 'awaiting_confirmation'].includes(String(phase[0]));
  });
  if (!candidates.length) return [];
  const progress = await sequelize.query<{ job_id: string; last: Date }>(
    `SELECT job_id, max(created_at) AS last FROM sync_history WHERE job_id = ANY($1::text[]) GROUP BY job_id`,
    { bind: [candidates.map((w) => w.workflowId)], type: QueryTypes.SELECT },
  );
  const lastOf = new Map(progress.map((p) => [p.job_id, new Date(p.last)]));
  const now = Date.now();
  return candidates
    .map((w) => {
      const last = lastOf.get(w.workflowId) ?? null;
      const since = (last ?? w.startTime).getTime();
      return { jobId: w.workflowId, type: JOB_TYPES[w.type] ?? w.type, startedAt: w.startTime.toISOString(), lastProgressAt: iso(last), minutesWithoutProgress: Math.floor((now - since) / 60_000) };
    })
    .filter((j) => j.minutesWithoutProgress >= stuckMinutes)
    .sort((a, b) => b.minutesWithoutProgress - a.minutesWithoutProgress);
}

/** Paused schedules, and schedules whose latest run closed unsuccessfully. */
async function scheduleProblems(temporal: Client, taskQueue: string): Promise<HealthReport['schedules']> {
  const out: HealthReport['schedules'] = [];
  for (const s of await new ErpPullSchedules(temporal, taskQueue).list()) {
    const latest = s.recentRuns[s.recentRuns.length - 1];
    let lastRunStatus: string | null = null;
    if (latest && !s.runningWorkflowIds.includes(latest.workflowId)) {
      lastRunStatus = await temporal.workflow
        .getHandle(latest.workflowId, undefined, { firstExecutionRunId: latest.runId })
        .describe()
        .then((d) => d.status.name)
        .catch(() => null);
    }
    const failing = lastRunStatus !== null && lastRunStatus !== 'COMPLETED' && lastRunStatus !== 'RUNNING' && lastRunStatus !== 'CONTINUED_AS_NEW';
    if (s.paused || failing) out.push({ id: s.id, sourceId: s.sourceId, problem: s.paused ? 'paused' : 'failing', note: s.note, lastRunStatus });
  }
  return out;
}

export async function buildHealthReport(deps: { sequelize: Sequelize; temporal: Client; taskQueue: string }, stuckMinutes: number): Promise<HealthReport> {
  const [shops, erpSources, stuck, schedules] = await Promise.all([
    shopRows(deps.sequelize),
    erpSourceRows(deps.sequelize, deps.temporal),
    stuckJobs(deps.sequelize, deps.temporal, stuckMinutes),
    scheduleProblems(deps.temporal, deps.taskQueue),
  ]);
  return { generatedAt: new Date().toISOString(), windowHours: WINDOW_HOURS, stuckMinutes, shops, erpSources, stuckJobs: stuck, schedules };
}
