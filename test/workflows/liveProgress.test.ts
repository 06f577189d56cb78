import { startBulkJob } from '../../src/jobs/jobStarter';
import { deleteProducts } from '../helpers/products';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture } from './syncFixture';

/**
 * Live progress of a bulk job (issue 14): GET /jobs/{id} moves with the items, long before the batch (the unit of
 * checkpoint) ends, in small steps, and carries items/s and an ETA.
 */
describe('bulk job live progress', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `LP${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    shops = await startShops(stack, 1, tag, { maxConcurrency: 2 });
  });
  afterAll(async () => {
    await shops?.stop();
    if (stack) await deleteProducts(stack.sequelize, { skuPrefix: tag });
    await stack?.stop();
  });

  it('moves with the finished items inside one batch, in small steps, with items/s and an ETA', async () => {
    const products = 40;
    const ids = await createProducts(stack.sequelize, `${tag}-P`, products);
    // 150 ms per call, 2 lanes, 2 calls per created product: the one batch of 40 takes ~6 s.
    shops.sims[0].setFaults({ latencyMs: { min: 150, max: 150 } });
    const { jobId } = await startBulkJob(
      { temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
      { operation: 'create', productIds: ids, shopIds: shops.shopIds, userId: 'user:test' },
    );
    const samples: Array<{ at: number; done: number; total: number; itemsPerSecond?: number | null; etaSeconds?: number | null; state: string }> = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const r = await api(stack, 'GET', `/jobs/${encodeURIComponent(jobId)}`, { role: 'manager' });
      expect(r.status).toBe(200);
      const p = r.json.progress;
      samples.push({ at: Date.now(), done: p?.done ?? 0, total: p?.total ?? 0, itemsPerSecond: p?.itemsPerSecond, etaSeconds: p?.etaSeconds, state: r.json.state });
      if (r.json.state !== 'running') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const last = samples[samples.length - 1];
    expect(last).toMatchObject({ state: 'completed', done: products });

    // Speed figures are not asserted in tests (README: they live in bench and drill output), so the 2 s of the issue
    // is checked by what it implies here: items finish every ~150 ms and the job's one batch takes ~6 s, so progress
    // that lagged by a batch (the old behaviour) or by seconds would show its first move late and in big steps.
    const running = samples.filter((s) => s.state === 'running');
    const firstMoved = running.find((s) => s.done > 0);
    expect(firstMoved).toBeDefined();
    expect(firstMoved!.done).toBeLessThanOrEqual(products / 2);
    const moves = running.filter((s, i) => i > 0 && s.done > running[i - 1].done);
    expect(moves.length).toBeGreaterThan(2);
    const steps = moves.map((s, i) => s.done - (i === 0 ? 0 : moves[i - 1].done));
    expect(Math.max(...steps)).toBeLessThanOrEqual(products / 2);
    // Partial progress of the one batch was visible, with a rate and an ETA.
    const partial = running.filter((s) => s.done > 0 && s.done < products);
    expect(partial.length).toBeGreaterThan(2);
    for (const s of partial) {
      expect(s.itemsPerSecond).toBeGreaterThan(0);
      expect(s.etaSeconds).toBeGreaterThan(0);
    }
  }, 90_000);
});
