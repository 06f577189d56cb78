import { startErpPull } from '../../src/erpPull/startErpPull';
import { startBulkJob } from '../../src/jobs/jobStarter';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture, waitForJob } from '../workflows/syncFixture';
import { deleteProducts } from '../helpers/products';

type Session = { accessToken: string; user: { id: number } };

/**
 * Medium 4 and 5: the jobs API serves only PPM jobs, each to the roles its type needs and users only their own;
 * a product sync request is never attached to another principal's running job; pauses, previews and runs are bounded.
 */
describe('job access and job capture', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `SJ${Date.now().toString(36)}`;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    stack = await startTestStack({ env: { DEV_LOGIN: 'true' } });
    shops = await startShops(stack, 1, tag);
    const login = async (email: string): Promise<Session> => {
      const r = await fetch(`${stack.baseUrl}/api/v1/auth/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, role: 'user' }) });
      expect(r.status).toBe(200);
      return (await r.json()) as Session;
    };
    alice = await login(`alice-${tag}@example.com`.toLowerCase());
    bob = await login(`bob-${tag}@example.com`.toLowerCase());
  });
  afterAll(async () => {
    await shops?.stop();
    await deleteProducts(stack.sequelize, { skuPrefix: tag });
    await stack?.stop();
  });

  const as = async (who: Session, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${who.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json().catch(() => null)) as any };
  };
  const job = (id: string, rest = '') => `/jobs/${encodeURIComponent(id)}${rest}`;

  it("refuses one user another user's job (status, failures, plan, export, list, control); managers read every sync job", async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-A`, 1);
    const started = await as(alice, 'POST', `/products/${productId}/sync`, { shopIds: shops.shopIds, mode: 'preview' });
    expect(started.status).toBe(202);
    const id = started.json.jobId as string;
    for (let i = 0; i < 200; i++) {
      const r = await as(alice, 'GET', job(id));
      expect(r.status).toBe(200);
      if (r.json.status === 'awaiting_confirmation') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    for (const path of [job(id), job(id, '/failures'), job(id, '/plan'), job(id, '/export')]) {
      const r = await as(bob, 'GET', path);
      expect([path, r.status, r.json.error.code]).toEqual([path, 404, 'JOB_NOT_FOUND']);
    }
    for (const action of ['cancel', 'pause', 'confirm', 'discard']) expect((await as(bob, 'POST', job(id, `/${action}`))).status).toBe(404);
    const bobsList = await as(bob, 'GET', `/jobs?userId=user:${alice.user.id}`);
    expect(bobsList.status).toBe(200);
    expect(bobsList.json.items.map((j: any) => j.id)).not.toContain(id);
    expect((await as(alice, 'GET', job(id, '/plan'))).status).toBe(200);
    expect((await api(stack, 'GET', job(id), { role: 'manager' })).status).toBe(200);

    // Medium 5: nobody else's request is attached to alice's preview; it answers 409 naming the blocking job.
    const managerSync = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'manager', body: { shopIds: shops.shopIds } });
    expect(managerSync.status).toBe(409);
    expect(managerSync.json.error).toMatchObject({ code: 'PRODUCT_SYNC_IN_PROGRESS', details: { jobId: id } });
    const bobSync = await as(bob, 'POST', `/products/${productId}/sync`, { shopIds: shops.shopIds, mode: 'preview' });
    expect(bobSync.status).toBe(409);
    const aliceApply = await as(alice, 'POST', `/products/${productId}/sync`, { shopIds: shops.shopIds });
    expect(aliceApply.status).toBe(409); // her own different request is not attached to her preview either
    const aliceAgain = await as(alice, 'POST', `/products/${productId}/sync`, { shopIds: shops.shopIds, mode: 'preview' });
    expect([aliceAgain.status, aliceAgain.json.jobId]).toEqual([202, id]);

    // Bounded: the preview expires within an hour and the run has an execution timeout.
    const view = await as(alice, 'GET', job(id));
    expect(Date.parse(view.json.progress.confirmBy) - Date.parse(view.json.startedAt)).toBeLessThanOrEqual(60 * 60 * 1000);
    const d = await stack.temporal.workflow.getHandle(id).describe();
    expect(Number(d.raw.executionConfig?.workflowExecutionTimeout?.seconds ?? 0)).toBe(2 * 60 * 60);
    expect((await as(alice, 'POST', job(id, '/discard'))).status).toBe(200);
  });

  it('refuses to describe, list or cancel workflows that are not PPM jobs, and ERP pulls to anyone but admins', async () => {
    const foreign = await stack.temporal.workflow.start('someOtherAppWorkflow', { taskQueue: `nobody-${tag}`, workflowId: `other-app:${tag}` });
    const pull = await stack.temporal.workflow.start('erpPullWorkflow', { taskQueue: `nobody-${tag}`, workflowId: `erp-pull:sec-${tag}`, args: [{ sourceId: 999999 }] });
    try {
      for (const role of ['user', 'manager', 'admin'] as const) {
        for (const path of [job(foreign.workflowId), job(foreign.workflowId, '/failures'), job(foreign.workflowId, '/plan'), job(foreign.workflowId, '/export')]) {
          expect([role, path, (await api(stack, 'GET', path, { role })).status]).toEqual([role, path, 404]);
        }
      }
      expect((await api(stack, 'POST', job(foreign.workflowId, '/cancel'), { role: 'manager' })).status).toBe(404);
      expect((await api(stack, 'POST', job(foreign.workflowId, '/cancel'), { role: 'admin' })).status).toBe(404);
      expect((await foreign.describe()).status.name).toBe('RUNNING');

      expect((await api(stack, 'GET', job(pull.workflowId), { role: 'user' })).status).toBe(404);
      expect((await api(stack, 'GET', job(pull.workflowId), { role: 'manager' })).status).toBe(404);
      expect((await api(stack, 'GET', job(pull.workflowId), { role: 'admin' })).status).toBe(200);
      expect((await api(stack, 'POST', job(pull.workflowId, '/cancel'), { role: 'manager' })).status).toBe(404);
      expect((await api(stack, 'POST', job(pull.workflowId, '/cancel'), { role: 'admin' })).status).toBe(409);
      expect((await pull.describe()).status.name).toBe('RUNNING');
    } finally {
      await foreign.terminate('test done').catch(() => undefined);
      await pull.terminate('test done').catch(() => undefined);
    }
  });

  it('refuses to start any job without an execution timeout (stats, bulk, ERP pull)', async () => {
    const timeoutOf = async (id: string) => Number((await stack.temporal.workflow.getHandle(id).describe()).raw.executionConfig?.workflowExecutionTimeout?.seconds ?? 0);
    const stats = await api(stack, 'POST', '/jobs/stats', { role: 'manager' });
    expect(await timeoutOf(stats.json.id)).toBe(60 * 60);
    const [productId] = await createProducts(stack.sequelize, `${tag}-T`, 1);
    const bulk = await api(stack, 'POST', '/products/bulk', { role: 'manager', body: { operation: 'export', productIds: [productId], shopIds: shops.shopIds } });
    expect(await timeoutOf(bulk.json.jobId)).toBe(7 * 24 * 60 * 60);
    const pull = await startErpPull(stack.temporal, `nobody-${tag}`, { sourceId: 987654 });
    try {
      expect(await timeoutOf(pull.workflowId)).toBe(24 * 60 * 60);
    } finally {
      await pull.handle.terminate('test done').catch(() => undefined);
    }
  });

  it('refuses to stay paused forever: a pause ends by itself at its bound', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-P`, 80);
    shops.sims[0].setFaults({ latencyMs: { min: 10, max: 15 } });
    try {
      const { jobId } = await startBulkJob(
        { temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
        { operation: 'create', productIds: ids, shopIds: shops.shopIds, userId: 'user:test', tuning: { batchSize: 2, maxPauseMs: 1500 } },
      );
      await waitForJob(stack, jobId, (j) => (j.progress?.done ?? 0) >= 4, 30_000);
      const paused = await api(stack, 'POST', job(jobId, '/pause'), { role: 'manager' });
      expect(paused.status).toBe(200);
      expect(paused.json.autoResumeAt).toEqual(expect.any(String));
      const done = await waitForJob(stack, jobId); // nobody resumes it
      expect(done.status).toBe('completed');
      expect(done.progress).toMatchObject({ done: 80, created: 80, message: expect.stringMatching(/resumed automatically/) });
    } finally {
      shops.sims[0].setFaults({});
    }
  });
});
