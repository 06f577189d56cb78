import { Worker } from '@temporalio/worker';
import { PrestaShopClient } from '../../src/connectors/prestashop';
import type { TestStack } from '../helpers/testStack';
import { api, createProducts, lastSeq, ledgerRows, simProducts, simStock, type SyncFixture, withShops, waitForJob, writeCalls } from './syncFixture';
import { updateProducts } from '../helpers/products';

/** productSyncWorkflow through the API against simulated PrestaShop shops (real Temporal, PostgreSQL). */
describe('product sync', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `PS${Date.now().toString(36)}`;

  withShops(tag, 3, (fx) => ({ stack, shops } = fx));

  it('creates the product in every shop, records the ledger, and an unchanged re-run makes no write call', async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-A`, 1);
    const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2) } });
    expect(started.status).toBe(202);
    const job = await waitForJob(stack, started.json.jobId);
    expect(job.status).toBe('completed');
    expect(job.progress).toMatchObject({ total: 2, done: 2, created: 2, failed: 0, phase: 'completed' });
    for (const sim of shops.sims.slice(0, 2)) {
      expect(simProducts(sim).filter((p) => p.reference === `${tag}-A-00000`)).toEqual([expect.objectContaining({ price: '10.5', name: `Produkt ${tag}-A 0`, active: '1' })]);
    }
    expect(simProducts(shops.sims[2])).toHaveLength(0);
    const ledger = await ledgerRows(stack, [productId]);
    expect(ledger).toHaveLength(2);
    expect(ledger.every((l) => l.remote_id !== null && l.payload_hash?.length === 64)).toBe(true);

    const marks = shops.sims.map(lastSeq);
    const again = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2) } });
    const second = await waitForJob(stack, again.json.jobId);
    expect(second.progress).toMatchObject({ done: 2, created: 0, updated: 0, skippedUnchanged: 2 });
    expect(shops.sims.map((s, i) => writeCalls(s, marks[i]))).toEqual([0, 0, 0]);

    // force pushes again, without creating duplicates
    const forced = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2), force: true } });
    const third = await waitForJob(stack, forced.json.jobId);
    expect(third.progress).toMatchObject({ done: 2, updated: 2 });
    for (const sim of shops.sims.slice(0, 2)) expect(simProducts(sim).filter((p) => p.reference === `${tag}-A-00000`)).toHaveLength(1);
  });

  it('retries transient shop faults (503, 429 with Retry-After) to success', async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-T`, 1);
    shops.sims[0].setFaults({ fail503Next: 2 });
    shops.sims[1].setFaults({ throttleNext: 1, throttleRetryAfterSeconds: 1 });
    try {
      const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2) } });
      const job = await waitForJob(stack, started.json.jobId);
      expect(job.status).toBe('completed');
      expect(job.progress).toMatchObject({ created: 2, failed: 0 });
      for (const sim of shops.sims.slice(0, 2)) expect(simProducts(sim).filter((p) => p.reference === `${tag}-T-00000`)).toHaveLength(1);
    } finally {
      shops.sims.forEach((s) => s.clearFaults());
    }
  });

  it('a permanent failure on the last shop puts the other shops back exactly as they were', async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-C`, 1);
    // shop 0 already holds the product (so this run updates it); shop 1 does not (so this run creates it)
    const first = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: [shops.shopIds[0]] } });
    await waitForJob(stack, first.json.jobId);
    const remoteId = simProducts(shops.sims[0]).find((p) => p.reference === `${tag}-C-00000`)!.id;
    // The shop's stock moved on since the push (orders): compensation must bring back this value, not the catalogue's.
    await new PrestaShopClient({ baseUrl: shops.sims[0].url, apiKey: shops.sims[0].key }).setStock(remoteId, 3);
    await updateProducts(stack.sequelize, productId, { priceNet: '77.0000', name: 'Zmieniona nazwa', stock: '42.0000' });
    const shopState = () => shops.sims.map((s) => ({ products: simProducts(s), stock: simStock(s) }));
    const before = shopState();
    expect(before[0].stock[remoteId]).toBe(3);
    const marks = shops.sims.map(lastSeq);
    shops.sims[2].setFaults({ rejectWritesAfter: 0, rejectWritesStatus: 400 });
    try {
      const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds } });
      const job = await waitForJob(stack, started.json.jobId);
      expect(job.status).toBe('failed');
      expect(job.progress).toMatchObject({ updated: 1, created: 1, failed: 1, compensated: 2, compensationFailed: 0, phase: 'failed' });
      expect(job.error.message).toMatch(/VALIDATION/);
      // Shop 0's stock was written twice: the update (42) and the compensation (back to 3).
      const stockWrites = shops.sims[0].requests(marks[0]).filter((r) => r.write && r.path.includes('stock_availables'));
      expect(stockWrites).toHaveLength(2);
      expect(shopState()).toEqual(before);
      expect(simStock(shops.sims[0])[remoteId]).toBe(3);
      const failures = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}/failures`, { role: 'user' });
      expect(failures.json.items).toEqual([expect.objectContaining({ productId, shopId: shops.shopIds[2], code: 'VALIDATION' })]);
    } finally {
      shops.sims[2].clearFaults();
    }
  });

  it('an Idempotency-Key returns the same job; the same key with another body is a conflict', async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-I`, 1);
    const key = `key-${Date.now()}`;
    const body = { shopIds: [shops.shopIds[0]] };
    const a = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body, headers: { 'Idempotency-Key': key } });
    const b = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body, headers: { 'Idempotency-Key': key } });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.json.jobId).toBe(a.json.jobId);
    expect([a.json.created, b.json.created]).toEqual([true, false]);
    await waitForJob(stack, a.json.jobId);
    const c = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body, headers: { 'Idempotency-Key': key } });
    expect(c.json.jobId).toBe(a.json.jobId);
    const d = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2) }, headers: { 'Idempotency-Key': key } });
    expect(d.status).toBe(409);
    expect(d.json.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(simProducts(shops.sims[0]).filter((p) => p.reference === `${tag}-I-00000`)).toHaveLength(1);
  });

  it('preview stores field diffs and writes nothing; confirm applies exactly the previewed plan', async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-P`, 1);
    const first = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: [shops.shopIds[0]] } });
    await waitForJob(stack, first.json.jobId);
    await updateProducts(stack.sequelize, productId, { priceNet: '30.0000' });
    const marks = shops.sims.map(lastSeq);
    const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2), mode: 'preview' } });
    const job = await waitForJob(stack, started.json.jobId, (j) => j.status === 'awaiting_confirmation');
    expect(job.progress.plan).toEqual({ create: 1, update: 1, delete: 0, skip: 0 });
    const polled = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}`, { role: 'user' });
    expect(polled.headers.get('retry-after')).toBe('10');
    const notManager = await api(stack, 'POST', '/products/bulk', { role: 'user', body: { operation: 'create', productIds: [productId] } });
    expect(notManager.status).toBe(403);
    expect(shops.sims.map((s, i) => writeCalls(s, marks[i]))).toEqual([0, 0, 0]);
    const plan = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}/plan?onlyChanges=true`, { role: 'user' });
    const update = plan.json.items.find((i: any) => i.shopId === shops.shopIds[0]);
    expect(update).toMatchObject({ action: 'update', changes: [{ field: 'price', before: '10.5', after: '30' }] });
    expect(plan.json.items.find((i: any) => i.shopId === shops.shopIds[1])).toMatchObject({ action: 'create' });

    // the catalogue moves on after the preview: confirm still applies what was previewed
    await updateProducts(stack.sequelize, productId, { priceNet: '99.0000' });
    const confirmed = await api(stack, 'POST', `/jobs/${encodeURIComponent(started.json.jobId)}/confirm`, { role: 'user' });
    expect(confirmed.status).toBe(200);
    const done = await waitForJob(stack, started.json.jobId);
    expect(done.progress).toMatchObject({ phase: 'completed', created: 1, updated: 1 });
    for (const sim of shops.sims.slice(0, 2)) expect(simProducts(sim).filter((p) => p.reference === `${tag}-P-00000`)).toEqual([expect.objectContaining({ price: '30' })]);
    const again = await api(stack, 'POST', `/jobs/${encodeURIComponent(started.json.jobId)}/confirm`, { role: 'user' });
    expect(again.status).toBe(409);
  });

  it('a compensation that cannot complete flags the ledger row and is listed as a failure', async () => {
    const [productId] = await createProducts(stack.sequelize, `${tag}-Z`, 1);
    shops.sims.forEach((s) => s.clearFaults()); // the write counter starts now
    shops.sims[0].setFaults({ rejectWritesAfter: 2, rejectWritesStatus: 400 }); // the create (POST + stock) passes, the undo DELETE is refused
    shops.sims[1].setFaults({ rejectWritesAfter: 0, rejectWritesStatus: 400 });
    try {
      const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds: shops.shopIds.slice(0, 2) } });
      const job = await waitForJob(stack, started.json.jobId);
      expect(job.status).toBe('failed');
      expect(job.progress).toMatchObject({ created: 1, failed: 1, compensated: 0, compensationFailed: 1 });
      expect(job.error.message).toMatch(/could not be restored/);
      const ledger = await ledgerRows(stack, [productId]);
      expect(ledger.find((l) => l.shop_id === shops.shopIds[0])).toMatchObject({ compensation_failed: true });
      const failures = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}/failures`, { role: 'user' });
      expect(failures.json.items.map((f: any) => [f.shopId, f.action])).toEqual([
        [shops.shopIds[1], 'sync'],
        [shops.shopIds[0], 'compensate'],
      ]);
    } finally {
      shops.sims.forEach((s) => s.clearFaults());
    }
  });

  it('replays the recorded product-sync histories deterministically', async () => {
    const histories = [];
    for await (const w of stack.temporal.workflow.list({ query: `WorkflowType = 'productSyncWorkflow' AND TaskQueue = '${stack.config.TEMPORAL_TASK_QUEUE}'` })) {
      histories.push({ workflowId: w.workflowId, history: await stack.temporal.workflow.getHandle(w.workflowId, w.runId).fetchHistory() });
    }
    expect(histories.length).toBeGreaterThanOrEqual(8);
    const failed = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: process.env.PPM_WORKFLOW_BUNDLE_PATH! } }, histories)) if (r.error) failed.push(r);
    expect(failed).toEqual([]);
  });
});
