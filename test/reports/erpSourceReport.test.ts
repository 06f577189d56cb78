import { WorkflowFailedError } from '@temporalio/client';
import { QueryTypes } from 'sequelize';
import { addRunCounters, closePullRun, openPullRun, recordPullProgress, type PullRunCounters } from '../../src/erpPull/erpPullRuns';
import { purgeExpiredData } from '../../src/runtime/retentionSweeper';
import { startErpPull } from '../../src/erpPull/startErpPull';
import { type SqlServerSimulator, startSqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';
import type { ErpPullResult } from '../../workflows/erpPull';
import { createSubiektSource } from '../erpPull/erpTestSources';
import { startTestStack, type TestStack } from '../helpers/testStack';

/**
 * GET /reports/erp-sources over HTTP after real pulls through the Subiekt GT simulator: each pull leaves one run row
 * with its counters (read / changed / unchanged / failed), a failing pull appears as a failure with its error code,
 * 24 h and 7 days sum the runs; CSV; managers only.
 */
describe('ERP source report', () => {
  let stack: TestStack;
  let sim: SqlServerSimulator;
  let manager: Record<string, string>;
  let okSource: number;
  let failingSource: number;
  const tag = `ESR${Date.now().toString(36)}`;
  const q = <T extends object>(sql: string, bind: unknown[] = []) => stack.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });

  beforeAll(async () => {
    stack = await startTestStack();
    manager = await stack.authHeaders('manager');
    sim = await startSqlServerSimulator({ databaseUrl: process.env.DATABASE_URL!, schema: `subiekt_sim_report_${process.pid}`, seed: { products: 40, seed: 13 } });
    okSource = await createSubiektSource(stack.sequelize, stack.config, sim, { name: `=Subiekt ${tag}`, settings: { priceLevel: 1, warehouseIds: [1, 2] } });
    failingSource = await createSubiektSource(stack.sequelize, stack.config, sim, { name: `Subiekt bad ${tag}`, settings: { priceLevel: 1, warehouseIds: [1, 2] } });
  });
  afterAll(async () => {
    await stack?.sequelize.query(`DELETE FROM products WHERE erp_source_id = ANY($1::int[])`, { bind: [[okSource, failingSource]] });
    await stack?.sequelize.query(`DELETE FROM erp_sources WHERE id = ANY($1::int[])`, { bind: [[okSource, failingSource]] });
    await stack?.stop();
    await sim?.stop();
  });

  const pull = async (sourceId: number) => (await (await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId, pageSize: 15, mode: 'full' })).handle.result()) as ErpPullResult;
  const report = async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports/erp-sources`, { headers: manager });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };

  it('records each pull with its counters; a repeat pull counts its rows unchanged; 24 h and 7 days add them up', async () => {
    const first = await pull(okSource);
    const second = await pull(okSource);
    expect(first.counters.pages).toBe(3); // 40 products, 15 a page
    const runs = await q<{ pages: number; outcome: string }>(`SELECT pages, outcome FROM erp_pull_runs WHERE source_id = $1 ORDER BY started_at`, [okSource]);
    expect(runs).toEqual([
      { pages: 3, outcome: 'success' },
      { pages: 3, outcome: 'success' },
    ]);

    const source = (await report()).sources.find((s: any) => s.id === okSource);
    const changed = first.counters.inserted + first.counters.updated + first.counters.vanishedDeactivated;
    expect(changed).toBeGreaterThan(0);
    expect(source.lastPull).toMatchObject({
      mode: 'full',
      outcome: 'success',
      error: null,
      rows: { read: second.counters.fetched, changed: 0, unchanged: first.counters.inserted, failed: second.counters.conflicts, picturesFailed: 0 },
    });
    expect(Date.parse(source.lastPull.finishedAt)).toBeGreaterThanOrEqual(Date.parse(source.lastPull.startedAt));
    const both = {
      read: first.counters.fetched + second.counters.fetched,
      changed,
      unchanged: first.counters.unchanged + second.counters.unchanged,
      failed: first.counters.conflicts + second.counters.conflicts,
      picturesFailed: 0,
    };
    expect(source.last24h).toEqual({ pulls: 2, failedPulls: 0, rows: both });
    expect(source.last7d).toEqual({ pulls: 2, failedPulls: 0, rows: both });
    expect(source.failures).toEqual([]);
  });

  it('a failing pull appears as a failure with its error code, in the last pull and the failure list', async () => {
    sim.faults.failNextLogins = 1000; // the ERP refuses the login: AUTHENTICATION, not retried
    try {
      await expect(pull(failingSource)).rejects.toBeInstanceOf(WorkflowFailedError);
    } finally {
      sim.faults.failNextLogins = 0;
    }
    const source = (await report()).sources.find((s: any) => s.id === failingSource);
    expect(source.lastPull).toMatchObject({ outcome: 'failed', mode: 'full', rows: { read: 0, changed: 0, unchanged: 0, failed: 0, picturesFailed: 0 } });
    expect(source.lastPull.error.code).toBe('AUTHENTICATION');
    expect(source.lastPull.error.message).toMatch(/login failed/i);
    expect(source.last24h).toMatchObject({ pulls: 1, failedPulls: 1 });
    expect(source.failures).toHaveLength(1);
    expect(source.failures[0]).toMatchObject({ pullId: source.lastPull.pullId, mode: 'full', error: { code: 'AUTHENTICATION' } });

    // A pull left running by a terminated workflow is closed as abandoned when the next pull of the source begins.
    await stack.sequelize.query(`UPDATE erp_pull_runs SET outcome = 'running', finished_at = NULL WHERE source_id = $1`, { bind: [failingSource] });
    await pull(failingSource);
    const again = (await report()).sources.find((s: any) => s.id === failingSource);
    expect(again.lastPull.outcome).toBe('success');
    expect(again.failures.map((f: any) => f.error.code)).toEqual(['ABANDONED']);
    expect(again.last24h).toMatchObject({ pulls: 2, failedPulls: 1 });
  });

  it('answers CSV (cells a spreadsheet could run are neutralised); users get 403; unknown parameters are a 400', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports/erp-sources?format=csv`, { headers: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r\n/);
    expect(lines[0]).toBe(
      'id,name,kind,active,lastPullStartedAt,lastPullFinishedAt,lastPullMode,lastPullOutcome,lastPullRead,lastPullChanged,lastPullUnchanged,lastPullFailed,' +
        'pulls24h,failedPulls24h,read24h,changed24h,unchanged24h,failed24h,pulls7d,failedPulls7d,read7d,changed7d,unchanged7d,failed7d,lastErrorCode,lastError',
    );
    const mine = lines.find((l) => l.startsWith(`${okSource},`))!;
    expect(mine).toMatch(new RegExp(`^${okSource},'=Subiekt ${tag},subiekt,true,[^,]+,[^,]+,full,success,\\d+,0,\\d+,\\d+,2,0,`));

    expect((await fetch(`${stack.baseUrl}/api/v1/reports/erp-sources`, { headers: { ...manager, Accept: 'text/csv' } })).headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/erp-sources`, { headers: await stack.authHeaders('user') })).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/erp-sources`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/erp-sources?since=1`, { headers: manager })).status).toBe(400);
  });

  it('the retention sweep deletes runs older than the job retention', async () => {
    await stack.sequelize.query(`UPDATE erp_pull_runs SET started_at = now() - interval '40 days' WHERE source_id = $1`, { bind: [failingSource] });
    const swept = await purgeExpiredData(stack.sequelize, 30);
    expect(swept.erp_pull_runs).toBeGreaterThanOrEqual(2);
    expect(await q(`SELECT 1 FROM erp_pull_runs WHERE source_id = $1`, [failingSource])).toEqual([]);
    expect((await q(`SELECT 1 FROM erp_pull_runs WHERE source_id = $1`, [okSource])).length).toBe(2);
  });

  it('writes absolute totals: a retried page or finish sets the same numbers; a failure after the success does not undo it', async () => {
    const pullId = `run-${tag}`;
    const zero: PullRunCounters = { pages: 0, fetched: 0, inserted: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0, conflicts: 0, vanishedDeactivated: 0, picturesFailed: 0 };
    const startedAt = new Date().toISOString();
    await openPullRun(stack.sequelize, { pullId, sourceId: okSource, workflowId: 'erp-pull:test', mode: 'full', startedAt });
    await openPullRun(stack.sequelize, { pullId, sourceId: okSource, workflowId: 'erp-pull:test', mode: 'full', startedAt }); // a retried begin
    const afterPage1 = addRunCounters(zero, { pages: 1, fetched: 15, inserted: 10, unchanged: 5 });
    for (let attempt = 0; attempt < 3; attempt++) await recordPullProgress(stack.sequelize, pullId, afterPage1); // the page activity retried
    const totals = addRunCounters(afterPage1, { pages: 1, fetched: 15, updated: 2, unchanged: 12, conflicts: 1 });
    await recordPullProgress(stack.sequelize, pullId, totals);
    const run = { pullId, sourceId: okSource, workflowId: 'erp-pull:test', mode: 'full' as const, startedAt, totals };
    await closePullRun(stack.sequelize, { ...run, outcome: 'success' });
    await closePullRun(stack.sequelize, { ...run, outcome: 'success' }); // a retried finish
    await closePullRun(stack.sequelize, { ...run, outcome: 'failed', error: { code: 'NETWORK', message: 'the follow-up sync could not start' } });
    const [row] = await q<Record<string, unknown>>(`SELECT outcome, error_code, pages, fetched, inserted, updated, unchanged, conflicts FROM erp_pull_runs WHERE pull_id = $1`, [pullId]);
    expect(row).toEqual({ outcome: 'success', error_code: null, pages: 2, fetched: 30, inserted: 10, updated: 2, unchanged: 17, conflicts: 1 });
  });
});
