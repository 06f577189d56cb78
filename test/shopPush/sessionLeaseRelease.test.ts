import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture, waitForJob } from '../workflows/syncFixture';

/**
 * A shop session that fails before it sends anything (here: the shop's API key cannot be opened because its row
 * was repointed behind the API) gives its write lanes back at once. Before, the lease renewer kept running and
 * held the shop's lanes for the rest of the worker's life, so every later job to that shop waited for them.
 */
describe('shop session lanes', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `SL${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    shops = await startShops(stack, 1, tag);
  });
  afterAll(async () => {
    await shops?.stop();
    await stack?.stop();
  });

  const liveLeases = async (shopId: number) =>
    (await stack.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM shop_write_leases WHERE shop_id = $1 AND lease_until > clock_timestamp()`, { bind: [shopId], type: 'SELECT' as never }))[0].n;

  it('are released when the shop gateway cannot be opened, and the job fails naming the cause', async () => {
    const shopId = shops.shopIds[0];
    const [productId] = await createProducts(`${tag}-A`, 1);
    await stack.sequelize.query(`UPDATE shops SET base_url = 'https://collector.attacker.example' WHERE id = $1`, { bind: [shopId] });
    const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: [shopId] } });
    expect(started.status).toBe(202);
    const job = await waitForJob(stack, started.json.jobId);
    expect(job.status).toBe('failed');
    expect(JSON.stringify(job)).toMatch(/cannot be decrypted/);
    // Longer than the renew period (5 s): a leaked renewer would have extended the lease past this point.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await liveLeases(shopId)).toBe(0);
  });
});
