import fs from 'node:fs';
import { Worker } from '@temporalio/worker';
import { startBulkJob } from '../../src/jobs/jobStarter';
import { startWorker, type WorkerHandle } from '../../src/runtime/worker';
import type { TestStack } from '../helpers/testStack';
import { api, createProducts, historyLengths, lastSeq, simProducts, type SyncFixture, withShops, waitForJob, writeCalls } from './syncFixture';
import { updateProducts } from '../helpers/products';

/** bulkOperationWorkflow against simulated shops: batching, continue-as-new, crash resume, cancel, pause, preview, export. */
describe('bulk operations', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `BK${Date.now().toString(36)}`;
  const extraWorkers: WorkerHandle[] = [];
  const jobIds: string[] = [];
  const deps = () => ({ temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE });
  const countBy = (sim: SyncFixture['sims'][number], prefix: string) => {
    const m = new Map<string, number>();
    for (const p of simProducts(sim)) if (p.reference.startsWith(prefix)) m.set(p.reference, (m.get(p.reference) ?? 0) + 1);
    return m;
  };

  // Declared first: jest runs afterAll hooks in declaration order, so the extra workers stop before withShops' cleanup.
  afterAll(async () => {
    for (const w of extraWorkers) await w.shutdown();
  });
  withShops(tag, 2, (fx) => ({ stack, shops } = fx), { stack: { env: { WORKER_SHUTDOWN_GRACE_MS: '200' } }, shops: { maxConcurrency: 2 } });

  it('creates every product exactly once per shop over several continue-as-new runs; a re-run writes nothing', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-A`, 40);
    const { jobId } = await startBulkJob(deps(), {
      operation: 'create',
      productIds: ids,
      shopIds: shops.shopIds,
      userId: 'user:test',
      tuning: { batchSize: 5, maxUnitsPerRun: 4, window: 4 },
    });
    jobIds.push(jobId);
    const job = await waitForJob(stack, jobId);
    expect(job.status).toBe('completed');
    expect(job.progress).toMatchObject({ total: 80, done: 80, created: 80, failed: 0 });
    expect(job.progress.runIndex).toBeGreaterThanOrEqual(3);
    for (const sim of shops.sims) {
      const counts = countBy(sim, `${tag}-A`);
      expect(counts.size).toBe(40);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    }
    const runs = await historyLengths(stack.temporal, jobId);
    expect(runs.length).toBe(job.progress.runIndex + 1);
    expect(Math.max(...runs)).toBeLessThan(200);

    const marks = shops.sims.map(lastSeq);
    const again = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds } });
    expect(again.status).toBe(202);
    jobIds.push(again.json.jobId);
    const second = await waitForJob(stack, again.json.jobId);
    expect(second.progress).toMatchObject({ done: 80, skippedUnchanged: 80, created: 0, updated: 0 });
    expect(shops.sims.map((s, i) => writeCalls(s, marks[i]))).toEqual([0, 0]);

    const listed = await api(stack, 'GET', `/jobs?type=bulk&status=completed&shopId=${shops.shopIds[1]}&limit=50`, { role: 'manager' });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([jobId, again.json.jobId]));
    expect(listed.json.items.find((i: any) => i.id === jobId)).toMatchObject({ kind: 'bulk', operation: 'create', executionStatus: 'COMPLETED' });

    const exported = await api(stack, 'POST', '/products/bulk', { body: { operation: 'export', productIds: ids.slice(0, 7), shopIds: shops.shopIds } });
    const exportJob = await waitForJob(stack, exported.json.jobId);
    expect(exportJob.status).toBe('completed');
    const csv = await api(stack, 'GET', `/jobs/${encodeURIComponent(exported.json.jobId)}/export?format=csv`, { role: 'manager' });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toContain(`shop${shops.shopIds[0]}_remoteId`);
    expect(lines[1]).toContain(`${tag}-A-00000`);
    const json = await api(stack, 'GET', `/jobs/${encodeURIComponent(exported.json.jobId)}/export?format=json`, { role: 'manager' });
    expect(json.json).toHaveLength(7);
    expect(json.json[0].shops[String(shops.shopIds[0])]).toMatchObject({ inSync: true });
  });

  it('a worker stopped mid-job is replaced and the job finishes with every product exactly once per shop', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-K`, 24);
    shops.sims.forEach((s) => s.setFaults({ latencyMs: { min: 15, max: 25 } }));
    try {
      const { jobId } = await startBulkJob(deps(), { operation: 'create', productIds: ids, shopIds: shops.shopIds, userId: 'user:test', tuning: { batchSize: 6 } });
      jobIds.push(jobId);
      await waitForJob(stack, jobId, (j) => (j.progress?.done ?? 0) > 0 || shops.sims.some((s) => countBy(s, `${tag}-K`).size > 2), 30_000);
      await stack.worker!.shutdown();
      const replacement = await startWorker(stack.config, stack.config.TEMPORAL_ADDRESS!, { sequelize: stack.sequelize });
      extraWorkers.push(replacement);
      const job = await waitForJob(stack, jobId, undefined, 60_000);
      expect(job.status).toBe('completed');
      expect(job.progress).toMatchObject({ done: 48, failed: 0 });
      for (const sim of shops.sims) {
        const counts = countBy(sim, `${tag}-K`);
        expect(counts.size).toBe(24);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
      }
    } finally {
      shops.sims.forEach((s) => s.clearFaults());
    }
  });

  it('onFailure=compensate: a permanent failure undoes the whole job; continue records it and goes on', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-F`, 12);
    await updateProducts(stack.sequelize, ids[9], { ean: 'NOT-AN-EAN' });
    const before = shops.sims.map((s) => simProducts(s));
    const { jobId } = await startBulkJob(deps(), { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'compensate', userId: 'user:test', tuning: { batchSize: 4 } });
    jobIds.push(jobId);
    const job = await waitForJob(stack, jobId);
    expect(job.status).toBe('failed');
    expect(job.progress.compensated).toBeGreaterThan(0);
    expect(job.progress.compensationFailed).toBe(0);
    expect(shops.sims.map((s) => simProducts(s))).toEqual(before);
    const failures = await api(stack, 'GET', `/jobs/${encodeURIComponent(jobId)}/failures`, { role: 'manager' });
    expect(failures.json.items[0]).toMatchObject({ productId: ids[9], code: 'VALIDATION' });

    const cont = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'continue' } });
    jobIds.push(cont.json.jobId);
    const done = await waitForJob(stack, cont.json.jobId);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ done: 24, created: 22, failed: 2 });
    const f2 = await api(stack, 'GET', `/jobs/${encodeURIComponent(cont.json.jobId)}/failures?limit=1`, { role: 'manager' });
    expect(f2.json).toMatchObject({ total: 2, items: [expect.objectContaining({ productId: ids[9], code: 'VALIDATION' })] });
    expect(f2.json.nextAfter).not.toBeNull();
  });

  it('pause stops new batches, resume finishes; cancel with compensate stops and undoes', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-P`, 40);
    shops.sims.forEach((s) => s.setFaults({ latencyMs: { min: 10, max: 15 } }));
    try {
      const { jobId } = await startBulkJob(deps(), { operation: 'create', productIds: ids, shopIds: [shops.shopIds[0]], userId: 'user:test', tuning: { batchSize: 4 } });
      jobIds.push(jobId);
      await waitForJob(stack, jobId, (j) => (j.progress?.done ?? 0) >= 4, 30_000);
      const paused = await api(stack, 'POST', `/jobs/${encodeURIComponent(jobId)}/pause`, { role: 'manager' });
      expect(paused.status).toBe(200);
      const settled = await waitForJob(stack, jobId, (j) => j.status === 'paused' && j.progress.inFlightBatches === 0);
      await new Promise((r) => setTimeout(r, 600));
      const still = await waitForJob(stack, jobId, () => true);
      expect(still.status).toBe('paused');
      expect(still.progress.done).toBe(settled.progress.done);
      expect(still.progress.done).toBeLessThan(40);
      await api(stack, 'POST', `/jobs/${encodeURIComponent(jobId)}/resume`, { role: 'manager' });
      const done = await waitForJob(stack, jobId);
      expect(done.progress).toMatchObject({ done: 40, created: 40 });

      const cids = await createProducts(stack.sequelize, `${tag}-X`, 40);
      const before = simProducts(shops.sims[1]);
      const c = await startBulkJob(deps(), { operation: 'create', productIds: cids, shopIds: [shops.shopIds[1]], onFailure: 'compensate', userId: 'user:test', tuning: { batchSize: 4 } });
      jobIds.push(c.jobId);
      await waitForJob(stack, c.jobId, (j) => (j.progress?.done ?? 0) >= 4, 30_000);
      const cancel = await api(stack, 'POST', `/jobs/${encodeURIComponent(c.jobId)}/cancel`, { role: 'manager' });
      expect(cancel.status).toBe(202);
      const cancelled = await waitForJob(stack, c.jobId);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.progress.done).toBeLessThan(40);
      expect(cancelled.progress.compensated).toBeGreaterThanOrEqual(cancelled.progress.created);
      expect(simProducts(shops.sims[1])).toEqual(before);
    } finally {
      shops.sims.forEach((s) => s.clearFaults());
    }
  });

  it('preview plans every item with diffs and writes nothing; confirm applies exactly that plan', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-V`, 6);
    const marks = shops.sims.map(lastSeq);
    const started = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, mode: 'preview' }, headers: { 'Idempotency-Key': `${tag}-preview` } });
    jobIds.push(started.json.jobId);
    const repeat = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, mode: 'preview' }, headers: { 'Idempotency-Key': `${tag}-preview` } });
    expect(repeat.json.jobId).toBe(started.json.jobId);
    const job = await waitForJob(stack, started.json.jobId, (j) => j.status === 'awaiting_confirmation');
    expect(job.progress.plan).toEqual({ create: 12, update: 0, delete: 0, skip: 0 });
    expect(shops.sims.map((s, i) => writeCalls(s, marks[i]))).toEqual([0, 0]);
    const plan = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}/plan?limit=2`, { role: 'manager' });
    expect(plan.json.total).toBe(12);
    expect(plan.json.items[0].changes).toEqual(expect.arrayContaining([{ field: 'price', before: null, after: '10.5' }]));
    await updateProducts(stack.sequelize, ids, { priceNet: '55.0000' });
    const confirmed = await api(stack, 'POST', `/jobs/${encodeURIComponent(started.json.jobId)}/confirm`, { role: 'manager' });
    expect(confirmed.status).toBe(200);
    const done = await waitForJob(stack, started.json.jobId);
    expect(done.progress).toMatchObject({ phase: 'completed', created: 12, done: 12 });
    for (const sim of shops.sims) expect(simProducts(sim).filter((p) => p.reference.startsWith(`${tag}-V`)).map((p) => p.price)).toEqual(Array(6).fill('10.5'));

    // a catalogue filter instead of ids: the selection is materialised in PostgreSQL by the job
    const byFilter = await api(stack, 'POST', '/products/bulk', { body: { operation: 'export', filter: { skuPrefix: `${tag}-V` } } });
    jobIds.push(byFilter.json.jobId);
    await waitForJob(stack, byFilter.json.jobId);
    const rows = await api(stack, 'GET', `/jobs/${encodeURIComponent(byFilter.json.jobId)}/export?format=json`, { role: 'manager' });
    expect(rows.json.map((r: any) => r.sku)).toEqual(ids.map((_, i) => `${tag}-V-${String(i).padStart(5, '0')}`));
    expect(rows.json[0].priceNet).toBe('55.0000');
  });

  it('replays every recorded history deterministically', async () => {
    const handles = jobIds.map((id) => stack.temporal.workflow.getHandle(id));
    const histories = await Promise.all(handles.map(async (h) => ({ workflowId: h.workflowId, history: await h.fetchHistory() })));
    const bundle = process.env.PPM_WORKFLOW_BUNDLE_PATH!;
    expect(fs.existsSync(bundle)).toBe(true);
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: bundle } }, histories)) results.push(r);
    expect(results).toHaveLength(histories.length);
    expect(results.filter((r) => r.error)).toEqual([]);
  });
});
