import { QueryTypes } from 'sequelize';
import type { ErpPullScheduledResult } from '../../workflows/erpPullScheduled';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createDynamicsSource, type DynamicsSourceFixture } from './erpTestSources';

/** ERP pull schedules through the API, as real Temporal Schedules that start real pulls against the BC simulator. */
describe('schedules API', () => {
  let stack: TestStack;
  let bc: DynamicsSourceFixture;
  let manager: Record<string, string>;
  let user: Record<string, string>;
  const created: string[] = [];

  const call = async (method: string, path: string, body?: unknown, headers = manager) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  };
  const waitFor = async <T>(fn: () => Promise<T | null | undefined | false>, what: string): Promise<T> => {
    for (let i = 0; i < 150; i++) {
      const v = await fn();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    manager = await stack.authHeaders('manager');
    user = await stack.authHeaders('user');
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `BC sched ${Date.now()}`, items: 12, skuPrefix: 'SCH-' });
  });
  afterAll(async () => {
    for (const id of created) await stack.temporal.schedule.getHandle(id).delete().catch(() => undefined);
    await stack?.stop();
    await bc?.stop();
  });

  it('a schedule created through the API triggers a pull that shows up as workflow runs and fills the catalogue', async () => {
    const res = await call('POST', '/schedules', { sourceId: bc.sourceId, name: 'hourly', cron: '0 * * * *', timezone: 'Europe/Warsaw', pageSize: 5 });
    expect(res.status).toBe(201);
    created.push(res.body.id);
    expect(res.body).toMatchObject({
      id: `erp-pull-${bc.sourceId}-hourly`,
      sourceId: bc.sourceId,
      cron: '0 * * * *',
      timezone: 'Europe/Warsaw',
      overlap: 'SKIP',
      catchupWindowSeconds: 600,
      paused: false,
      pageSize: 5,
    });
    expect(res.body.nextRuns.length).toBeGreaterThan(0);

    expect((await call('POST', `/schedules/${res.body.id}/trigger`)).status).toBe(202);
    const run = await waitFor(async () => (await call('GET', `/schedules/${res.body.id}`, undefined, user)).body.recentRuns[0], 'the triggered run');
    const launcher = stack.temporal.workflow.getHandle(run.workflowId, run.runId);
    const outcome = (await launcher.result()) as ErpPullScheduledResult;
    expect(outcome.outcome).toBe('pulled');
    if (outcome.outcome !== 'pulled') return;
    expect(outcome.pullWorkflowId).toBe(`erp-pull:${bc.sourceId}`);
    expect(outcome.result.counters).toMatchObject({ fetched: 12, inserted: 12, pages: 3 });
    const [{ n }] = await stack.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE erp_source_id = $1`, { bind: [bc.sourceId], type: QueryTypes.SELECT });
    expect(n).toBe(12);

    // The run carries the schedule's id as a search attribute (what the Temporal UI filters on).
    const byScheduleQuery = `TemporalScheduledById = '${res.body.id}'`;
    const runs = await waitFor(async () => {
      const found: string[] = [];
      for await (const w of stack.temporal.workflow.list({ query: byScheduleQuery })) found.push(w.type);
      return found.length ? found : null;
    }, 'visibility of the scheduled run');
    expect(runs).toContain('erpPullScheduledWorkflow');
  });

  it('changes, pauses, unpauses, lists and deletes a schedule', async () => {
    const res = await call('POST', '/schedules', { sourceId: bc.sourceId, intervalSeconds: 3600, paused: true, note: 'na razie wstrzymany' });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    created.push(id);
    expect(res.body).toMatchObject({ intervalSeconds: 3600, cron: null, paused: true, note: 'na razie wstrzymany' });

    const patched = await call('PATCH', `/schedules/${id}`, { cron: '30 2 * * *', catchupWindowSeconds: 120, syncChangedToShops: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ cron: '30 2 * * *', intervalSeconds: null, catchupWindowSeconds: 120, syncChangedToShops: true, paused: true });

    expect((await call('POST', `/schedules/${id}/unpause`)).body.paused).toBe(false);
    expect((await call('POST', `/schedules/${id}/pause`, { note: 'przerwa' })).body).toMatchObject({ paused: true, note: 'przerwa' });

    const listed = await waitFor(async () => {
      const l = await call('GET', `/schedules?sourceId=${bc.sourceId}`, undefined, user);
      return l.body.items.length >= 2 ? l.body.items : null;
    }, 'both schedules in the list');
    expect(listed.map((s: any) => s.id)).toEqual(expect.arrayContaining(created));

    expect((await call('DELETE', `/schedules/${id}`)).status).toBe(204);
    expect((await call('GET', `/schedules/${id}`, undefined, user)).status).toBe(404);
  });

  it('validates requests and answers in the error envelope', async () => {
    const both = await call('POST', '/schedules', { sourceId: bc.sourceId, cron: '0 * * * *', intervalSeconds: 60 });
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe('VALIDATION_FAILED');
    const badCron = await call('POST', '/schedules', { sourceId: bc.sourceId, cron: 'every day' });
    expect(badCron.status).toBe(400);
    const badZone = await call('POST', '/schedules', { sourceId: bc.sourceId, cron: '0 3 * * *', timezone: 'Mars/Olympus' });
    expect(badZone.body.error.details.fields[0].field).toBe('timezone');
    const tooOften = await call('POST', '/schedules', { sourceId: bc.sourceId, intervalSeconds: 1 });
    expect(tooOften.status).toBe(400);
    const noSource = await call('POST', '/schedules', { sourceId: 999999, intervalSeconds: 600 });
    expect(noSource.status).toBe(422);
    expect(noSource.body.error.code).toBe('UNKNOWN_ERP_SOURCE');
    expect((await call('POST', '/schedules/erp-pull-nope/trigger')).body.error.code).toBe('SCHEDULE_NOT_FOUND');
    expect((await call('POST', '/schedules', { sourceId: bc.sourceId, intervalSeconds: 600 }, user)).status).toBe(403);
  });
});
