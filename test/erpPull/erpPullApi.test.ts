import { startTestStack, type TestStack } from '../helpers/testStack';
import { createDynamicsSource, type DynamicsSourceFixture, simControl } from './erpTestSources';

/**
 * POST /erp-sources/{id}/pull over HTTP with the worker and the Business Central simulator: the mode is honoured,
 * the pull is a job with live progress at GET /jobs/{id}, and it is listed by GET /jobs (type erp-pull) for admins.
 */
const ITEMS = 24;

describe('ERP pull through the API', () => {
  let stack: TestStack;
  let bc: DynamicsSourceFixture;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  const tag = `EPA${Date.now().toString(36).toUpperCase()}`;

  const call = async (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(opts.headers ?? admin), ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, location: res.headers.get('location'), body: (await res.json()) as any };
  };
  const job = async (id: string) => (await call('GET', `/jobs/${encodeURIComponent(id)}`)).body;
  const finished = async (id: string) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const j = await job(id);
      if (j.state !== 'running') return j;
    }
    throw new Error(`pull ${id} did not finish within 60 s`);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.authHeaders('admin');
    manager = await stack.authHeaders('manager');
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `BC ${tag}`, items: ITEMS, pictureShare: 0, skuPrefix: `${tag}-` });
    // As in incrementalPull.test.ts: no re-read margin, and the renumbering's second passes (BC's scan start has whole seconds).
    await stack.sequelize.query(`UPDATE erp_sources SET settings = settings || '{"changeOverlapMs":0}'::jsonb WHERE id = $1`, { bind: [bc.sourceId] });
    await new Promise((r) => setTimeout(r, 1100));
  });
  afterAll(async () => {
    await stack?.sequelize.query(`DELETE FROM products WHERE erp_source_id = $1`, { bind: [bc?.sourceId] }).catch(() => undefined);
    await stack?.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [bc?.sourceId] }).catch(() => undefined);
    await stack?.stop();
    await bc?.stop();
  });

  it('starts a full pull as a job whose progress moves while it runs; a second start joins it; the result counts every item', async () => {
    // 12 pages of 2, slow (300 ms a page): the counters advance with every page, although one activity call reads up to 10.
    await simControl(bc.sim, 'PUT', '/faults', { latencyMs: 300 });
    const started = await call('POST', `/erp-sources/${bc.sourceId}/pull`, { body: { mode: 'full', pageSize: 2 } });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ jobId: `erp-pull:${bc.sourceId}`, statusUrl: `/api/v1/jobs/${encodeURIComponent(`erp-pull:${bc.sourceId}`)}`, created: true });
    expect(started.location).toBe(started.body.statusUrl);
    const joined = await call('POST', `/erp-sources/${bc.sourceId}/pull`, { body: { mode: 'full' } });
    expect(joined.body).toMatchObject({ jobId: started.body.jobId, created: false });
    // A running pull is listed among running jobs (it has no phase attribute; visibility lags a moment).
    let running: string[] = [];
    for (const deadline = Date.now() + 3_000; Date.now() < deadline && !running.includes(started.body.jobId); await new Promise((r) => setTimeout(r, 100))) {
      running = (await call('GET', '/jobs?status=running&limit=100')).body.items.map((j: any) => j.id);
    }
    expect(running).toContain(started.body.jobId);

    // Live progress: the counters of a running pull, read over HTTP until pages have been written.
    let live: any = null;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !(live?.pullProgress?.counters.pages >= 1); await new Promise((r) => setTimeout(r, 100))) {
      live = await job(started.body.jobId);
      if (live.state !== 'running') break;
    }
    expect(live).toMatchObject({ type: 'erpPullWorkflow', state: 'running', status: 'running', pollAfterSeconds: 2 });
    expect(live.pullProgress).toMatchObject({ sourceId: bc.sourceId, mode: 'full', hasMore: true });
    expect(live.pullProgress.counters.pages).toBeGreaterThanOrEqual(1);
    expect(live.pullProgress.counters.pages).toBeLessThan(10); // seen within the first call, not only after it
    expect(live.pullProgress.changed).toBe(live.pullProgress.counters.inserted);
    expect(live.pullProgress.counters.fetched).toBeGreaterThanOrEqual(2);
    expect(live.pullProgress.counters.fetched).toBeLessThan(ITEMS);
    await simControl(bc.sim, 'DELETE', '/faults');

    const done = await finished(started.body.jobId);
    expect(done).toMatchObject({ state: 'completed', status: 'completed', pollAfterSeconds: null });
    expect(done.result).toMatchObject({ sourceId: bc.sourceId, mode: 'full', hasMore: false, counters: { fetched: ITEMS, inserted: ITEMS } });
  });

  it('honours the mode: an incremental pull after the full one reads only what changed', async () => {
    const [item] = await simControl<{ number: string; displayName: string }[]>(bc.sim, 'GET', '/items');
    await simControl(bc.sim, 'PUT', `/items/${encodeURIComponent(item.number)}`, { displayName: `${item.displayName} zmieniony` });
    const started = await call('POST', `/erp-sources/${bc.sourceId}/pull`, { body: { mode: 'incremental' } });
    expect(started.body.created).toBe(true);
    const done = await finished(started.body.jobId);
    expect(done.result).toMatchObject({ mode: 'incremental', counters: { fetched: 1, updated: 1 } });
  });

  it('lists pulls in GET /jobs with their own type, for admins only', async () => {
    const id = `erp-pull:${bc.sourceId}`;
    const listed = await call('GET', '/jobs?type=erp-pull&limit=100');
    expect(listed.status).toBe(200);
    const mine = listed.body.items.filter((j: any) => j.id === id);
    // One entry per pull (the full and the incremental one), not one per continued-as-new page run.
    expect(mine).toHaveLength(2);
    for (const j of mine) expect(j).toMatchObject({ type: 'erpPullWorkflow', kind: 'erp-pull', erpSourceId: bc.sourceId, executionStatus: 'COMPLETED' });
    expect(listed.body.items.every((j: any) => j.type === 'erpPullWorkflow')).toBe(true);
    expect((await call('GET', '/jobs?limit=100')).body.items.map((j: any) => j.id)).toContain(id);
    expect((await call('GET', '/jobs?type=bulk&limit=100')).body.items.map((j: any) => j.id)).not.toContain(id);

    for (const role of ['manager', 'user'] as const) {
      const headers = role === 'manager' ? manager : await stack.authHeaders('user');
      expect((await call('GET', '/jobs?type=erp-pull', { headers })).body.items).toEqual([]);
      expect((await call('GET', '/jobs?limit=100', { headers })).body.items.map((j: any) => j.id)).not.toContain(id);
    }
  });

  it('validates the request, and only admins start pulls', async () => {
    const bad = await call('POST', `/erp-sources/${bc.sourceId}/pull`, { body: { mode: 'sometimes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field)).toContain('mode');
    expect((await call('POST', `/erp-sources/${bc.sourceId}/pull`, { body: { mode: 'full', colour: 'red' } })).status).toBe(400);
    expect((await call('POST', `/erp-sources/${bc.sourceId}/pull`, { body: { mode: 'full' }, headers: manager })).status).toBe(403);
    expect((await call('POST', '/erp-sources/2147483000/pull', { body: { mode: 'full' } })).status).toBe(404);
    expect((await call('GET', '/jobs?type=erp-pulls')).status).toBe(400);
  });
});
