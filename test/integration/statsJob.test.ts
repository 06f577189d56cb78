import { startTestStack, type TestStack } from '../helpers/testStack';
import { insertProducts, deleteProducts } from '../helpers/products';

/** The backbone end to end: HTTP → Temporal → worker → PostgreSQL → result back over HTTP. */
describe('catalogue stats job through the API', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await deleteProducts(stack.sequelize, 'all');
    await insertProducts(stack.sequelize, [
      { sku: 'STAT-1', name: 'Młotek ślusarski', priceNet: '19.9900', vatRate: '23', unit: 'szt' },
      { sku: 'STAT-2', name: 'Wkrętarka', priceNet: '249.0000', vatRate: '23', status: 'inactive', unit: 'szt' },
    ]);
  });
  afterAll(async () => {
    await deleteProducts(stack.sequelize, { skus: ['STAT-1', 'STAT-2'] });
    await stack.stop();
  });

  it('starts the workflow, and the job resource reports its result from the database', async () => {
    const auth = await stack.authHeaders('manager');
    const started = await fetch(`${stack.baseUrl}/api/v1/jobs/stats`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    const ref = (await started.json()) as { id: string; links: { self: string } };
    expect(ref.id).toMatch(/^catalog-stats:/);

    let job: { state: string; result?: { products: { total: number; active: number; inactive: number } } } = { state: 'running' };
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      const res = await fetch(`${stack.baseUrl}${ref.links.self}`, { headers: auth });
      expect(res.status).toBe(200);
      job = (await res.json()) as typeof job;
      if (job.state === 'running') await new Promise((r) => setTimeout(r, 200));
    }
    expect(job.state).toBe('completed');
    expect(job.result?.products).toMatchObject({ total: 2, active: 1, inactive: 1 });

    const history = await stack.temporal.workflow.getHandle(ref.id).fetchHistory();
    expect(history.events?.some((e) => e.activityTaskCompletedEventAttributes)).toBe(true);
  });

  it('answers 404 with the error envelope for an unknown job, echoing the request id', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/jobs/nope-123`, { headers: { 'X-Request-Id': 'req-abc-1', ...(await stack.authHeaders('user')) } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-abc-1');
    expect(await res.json()).toEqual({ error: { code: 'JOB_NOT_FOUND', message: 'No job with id nope-123', requestId: 'req-abc-1' } });
  });
});
