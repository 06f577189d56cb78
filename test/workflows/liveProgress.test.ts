import { Op } from 'sequelize';
import { Product } from '../../src/db/models';
import { startBulkJob } from '../../src/jobs/jobStarter';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture } from './syncFixture';

/**
 * Live progress of a bulk job (issue 14): GET /jobs/{id} moves within 2 s of the first finished item and at least
 * every 2 s after, long before the batch (the unit of checkpoint) ends, and carries items/s and an ETA.
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
    await Product.destroy({ where: { sku: { [Op.like]: `${tag}%` } } });
    await stack?.stop();
  });

  it('moves within 2 s of the first finished item and every 2 s after, with items/s and ETA, inside one batch', async () => {
    const products = 40;
    const ids = await createProducts(`${tag}-P`, products);
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

    // The first finished item: the shop answered its stock write (the create's last call).
    const stockWrites = shops.sims[0].requests(0).filter((r) => r.write && r.path.startsWith('/api/stock_availables') && r.status !== null && r.status < 300);
    expect(stockWrites.length).toBeGreaterThanOrEqual(products);
    const firstItemAt = Math.min(...stockWrites.map((r) => Date.parse(r.at) + (r.durationMs ?? 0)));

    const running = samples.filter((s) => s.state === 'running');
    const firstMoved = running.find((s) => s.done > 0);
    expect(firstMoved).toBeDefined();
    expect(firstMoved!.at - firstItemAt).toBeLessThanOrEqual(2_000);
    // While it ran, done moved at least every 2 s (items finish every ~150 ms).
    const moves = running.filter((s, i) => i > 0 && s.done > running[i - 1].done).map((s) => s.at);
    expect(moves.length).toBeGreaterThan(2);
    const gaps = moves.slice(1).map((t, i) => t - moves[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2_000);
    // Partial progress of the one batch was visible, with a rate and an ETA.
    const partial = running.filter((s) => s.done > 0 && s.done < products);
    expect(partial.length).toBeGreaterThan(2);
    for (const s of partial) {
      expect(s.itemsPerSecond).toBeGreaterThan(0);
      expect(s.etaSeconds).toBeGreaterThan(0);
    }
  }, 90_000);
});
