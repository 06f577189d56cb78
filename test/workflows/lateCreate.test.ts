import { startBulkJob } from '../../src/jobs/jobStarter';
import type { TestStack } from '../helpers/testStack';
import { createProducts, ledgerRows, simProducts, type SyncFixture, withShops, waitForJob } from './syncFixture';

/**
 * A create whose answer never came but which the shop saves a moment later (PHP runs the request to its end after
 * the client gave up): the retried item must find that product, not create a second one.
 */
describe('a create the shop saves after our timeout', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `LC${Date.now().toString(36)}`;

  withShops(tag, 1, (fx) => ({ stack, shops } = fx), { stack: { env: { WORKER_SHUTDOWN_GRACE_MS: '200' } }, shops: { maxConcurrency: 1 } });

  it('is found by the retry and counted as created once: one product per reference', async () => {
    const ids = await createProducts(stack.sequelize, tag, 2);
    const sim = shops.sims[0];
    // A fresh shop's request timeout is 5 s until its answer times are known: the first create is saved after 6.5 s.
    sim.setFaults({ applyLateNext: 1, applyLateMs: 6_500 });
    const { jobId } = await startBulkJob(
      { temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
      { operation: 'create', productIds: ids, shopIds: shops.shopIds, userId: 'user:test' },
    );
    const job = await waitForJob(stack, jobId, (j) => j.state !== 'running', 90_000);
    sim.clearFaults();
    // The late create must have landed before the shop is inspected (the job may end before it does).
    const lateDone = () => sim.requests(0).some((r) => r.fault === 'applyLate' && r.status !== null);
    for (let i = 0; i < 100 && !lateDone(); i++) await new Promise((r) => setTimeout(r, 100));
    const late = sim.requests(0).filter((r) => r.fault === 'applyLate');
    expect(late.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/products 201']); // the path under test was taken
    expect(job.status).toBe('completed');
    expect(job.progress).toMatchObject({ created: 2, failed: 0 });
    const held = simProducts(sim).filter((p) => p.reference.startsWith(tag));
    expect(held.map((p) => p.reference).sort()).toEqual([`${tag}-00000`, `${tag}-00001`]);
    const ledger = await ledgerRows(stack, ids);
    expect(ledger.map((r) => r.remote_id).sort()).toEqual(held.map((p) => p.id).sort());
  }, 120_000);
});
