import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { SecretBox } from '../../src/crypto/secretBox';
import { JobSelection } from '../../src/shopPush/jobSelection';
import { OutboundPolicy } from '../../src/net/outboundPolicy';
import { createShopGatewayOpener } from '../../src/shopPush/shopGatewayOpener';
import type { BulkBatchInput } from '../../src/shopPush/batchPipeline';
import type { TestStack } from '../helpers/testStack';
import { createProducts, type SyncFixture, withShops } from './syncFixture';

/**
 * Temporal runs an activity at least once: when a batch's heartbeat times out (a worker starved of CPU, a paused
 * process), the retry starts while the first attempt may still be writing; the first learns of it only at its next
 * heartbeat. The shop must still hold every product exactly once.
 */
describe('two attempts of one bulk batch running at the same time', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `OV${Date.now().toString(36)}`;

  withShops(tag, 1, (fx) => ({ stack, shops } = fx), { stack: { worker: false }, shops: { maxConcurrency: 2 } });

  /** The shop's products with this test's references, asked through its webservice: reference → count. */
  async function referencesInShop(): Promise<Map<string, number>> {
    const sim = shops.sims[0];
    const url = `${sim.url}/api/products?display=[id,reference]&filter[reference]=[${tag}]%25&output_format=JSON`;
    const res = await fetch(url, { headers: { Authorization: `Basic ${Buffer.from(`${sim.key}:`).toString('base64')}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { products?: Array<{ reference: string }> } | [];
    const counts = new Map<string, number>();
    for (const p of Array.isArray(body) ? [] : (body.products ?? [])) counts.set(p.reference, (counts.get(p.reference) ?? 0) + 1);
    return counts;
  }

  it('the retried attempt waits for the one still running: every product is created once', async () => {
    const ids = await createProducts(stack.sequelize, tag, 60);
    const jobId = `bulk:${tag}`;
    await new JobSelection(stack.sequelize).storeIds(jobId, ids);
    shops.sims[0].setFaults({ latencyMs: { min: 40, max: 60 } });
    const activities = createActivities({
      sequelize: stack.sequelize,
      shopGateways: createShopGatewayOpener(stack.sequelize, new SecretBox(stack.config.ENCRYPTION_KEY), new OutboundPolicy(stack.config.OUTBOUND_ALLOWED_NETWORKS)),
    });
    const input: BulkBatchInput = { jobId, shopId: shops.shopIds[0], stage: 'work', operation: 'create', fromSeq: 0, toSeq: ids.length, force: false, onFailure: 'continue' };
    const info = { activityId: '5', activityType: 'runBulkBatch', workflowExecution: { workflowId: jobId, runId: `${tag}-run` }, heartbeatTimeoutMs: 10_000 };

    const first = new MockActivityEnvironment({ ...info, attempt: 1 });
    const firstRun = first.run(activities.runBulkBatch, input);
    firstRun.catch(() => undefined);
    // The first attempt is under way (a few products created, most not yet) when its heartbeat is declared lost.
    for (let i = 0; i < 200 && ((await referencesInShop()).size < 3); i++) await new Promise((r) => setTimeout(r, 25));
    expect((await referencesInShop()).size).toBeLessThan(ids.length);

    const second = new MockActivityEnvironment({ ...info, attempt: 2 });
    const secondRun = second.run(activities.runBulkBatch, input);
    // The first attempt hears of its timeout at its next heartbeat (Temporal sends it every 0.8 × the timeout).
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await referencesInShop()).size).toBeLessThan(ids.length);
    first.cancel();
    await firstRun.catch(() => undefined);
    const result = await secondRun;
    shops.sims[0].clearFaults();

    const counts = await referencesInShop();
    const duplicated = [...counts].filter(([, n]) => n > 1);
    expect(duplicated).toEqual([]);
    expect(counts.size).toBe(ids.length);
    expect(result).toMatchObject({ created: ids.length, failed: 0 });
  }, 60_000);
});
