import { startBulkJob } from '../../src/jobs/jobStarter';
import type { TestStack } from '../helpers/testStack';
import { createProducts, simProducts, type SyncFixture, withShops, waitForJob } from './syncFixture';

/**
 * One slow item at the end of a batch (a create whose answer never comes: its lane is held until the timeout, then
 * the item waits out the late-create window, about 10 s in all here) must not keep the shop's other lanes: other
 * work for the shop (the job's next batch, another job) uses them meanwhile, and the slow item still ends as
 * exactly one product.
 */
describe('the tail of a batch', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `BT${Date.now().toString(36)}`;

  withShops(tag, 1, (fx) => ({ stack, shops } = fx), { stack: { env: { WORKER_SHUTDOWN_GRACE_MS: '200' } }, shops: { maxConcurrency: 2 } });

  it('leaves the lanes its finished items freed to other work while its slowest item waits; every product is created once', async () => {
    const [first, ...rest] = await createProducts(stack.sequelize, tag, 5);
    const sim = shops.sims[0];
    const deps = { temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE };
    // The job's first write is saved, but its answer never comes (a fresh shop's request timeout is 5 s).
    sim.setFaults({ hangAfterWriteNext: 1 });
    const slow = await startBulkJob(deps, { operation: 'create', productIds: rest, shopIds: shops.shopIds, userId: 'user:test' });
    const creates = () => sim.requests(0).filter((r) => r.method === 'POST' && r.path === '/api/products');
    for (let i = 0; i < 100 && creates().filter((r) => r.status !== null).length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    const hung = creates().filter((r) => r.fault === 'hangAfterWrite');
    expect(hung).toHaveLength(1); // the path under test was taken
    expect(creates().filter((r) => r.fault === null && r.status === 201)).toHaveLength(3);

    // The batch is in its tail now: one item, holding one lane until its timeout, then sleeping. The shop's other
    // lane serves another job at once instead of after the tail.
    const startedAt = Date.now();
    const other = await startBulkJob(deps, { operation: 'create', productIds: [first], shopIds: shops.shopIds, userId: 'user:test' });
    const otherJob = await waitForJob(stack, other.jobId, (j) => j.state !== 'running', 30_000);
    const otherTookMs = Date.now() - startedAt;
    const slowMeanwhile = await waitForJob(stack, slow.jobId, () => true);
    expect(otherJob.status).toBe('completed');
    expect(otherJob.progress).toMatchObject({ created: 1, failed: 0 });
    expect(slowMeanwhile.state).toBe('running');
    expect(otherTookMs).toBeLessThan(4_000);

    const slowJob = await waitForJob(stack, slow.jobId, (j) => j.state !== 'running', 60_000);
    sim.clearFaults();
    expect(slowJob.status).toBe('completed');
    expect(slowJob.progress).toMatchObject({ created: 4, failed: 0 });
    const held = simProducts(sim).filter((p) => p.reference.startsWith(tag));
    expect(held.map((p) => p.reference).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `${tag}-${String(i).padStart(5, '0')}`));
  }, 120_000);
});
