import type { TestStack } from '../helpers/testStack';
import { api, createProducts, type SyncFixture, withShops, waitForJob } from '../workflows/syncFixture';
import { findShop } from '../../src/shops/shopStore';

/** A shop cannot be deleted from under a job that targets it: its ledger and history would vanish mid-run. */
describe('DELETE /shops/{id} while a job targets the shop', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `SD${Date.now().toString(36)}`;

  withShops(tag, 2, (fx) => ({ stack, shops } = fx));

  it('answers 409 naming the open job, leaves the shop alone, and deletes it once the job is cancelled', async () => {
    const [productId] = await createProducts(stack.sequelize, tag, 1);
    const [busyShop, idleShop] = shops.shopIds;
    const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'manager', body: { shopIds: [busyShop], mode: 'preview' } });
    expect(started.status).toBe(202);
    const jobId = started.json.jobId as string;
    await waitForJob(stack, jobId, (j) => j.status === 'awaiting_confirmation');

    // Visibility is eventually consistent: the job shows up within moments of starting.
    let refused = await api(stack, 'DELETE', `/shops/${busyShop}`, { role: 'admin' });
    expect(refused.status).not.toBe(204);
    for (let i = 0; i < 50 && refused.status !== 409; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await api(stack, 'DELETE', `/shops/${busyShop}`, { role: 'admin' });
    }
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'SHOP_HAS_OPEN_JOBS', details: { jobIds: [jobId] } });
    expect(await findShop(stack.sequelize, busyShop)).not.toBeNull();

    // A shop the job does not target goes at once.
    expect((await api(stack, 'DELETE', `/shops/${idleShop}`, { role: 'admin' })).status).toBe(204);
    expect((await api(stack, 'DELETE', `/shops/${idleShop}`, { role: 'admin' })).status).toBe(404);

    expect((await api(stack, 'POST', `/jobs/${encodeURIComponent(jobId)}/cancel`, { role: 'manager' })).status).toBe(202);
    await waitForJob(stack, jobId, (j) => j.state !== 'running');
    let deleted = await api(stack, 'DELETE', `/shops/${busyShop}`, { role: 'admin' });
    for (let i = 0; i < 50 && deleted.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 100));
      deleted = await api(stack, 'DELETE', `/shops/${busyShop}`, { role: 'admin' });
    }
    expect(deleted.status).toBe(204);
    expect(await findShop(stack.sequelize, busyShop)).toBeNull();
  });
});
