import { QueryTypes } from 'sequelize';
import { startBulkJob } from '../../src/jobs/jobStarter';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture, waitForJob } from '../workflows/syncFixture';
import { updateProducts, deleteProducts } from '../helpers/products';

/** GET /api/v1/reports/health after real syncs: last success and error counts per shop, stuck jobs, paused schedules. */
describe('health report', () => {
  let stack: TestStack;
  let idle: TestStack;
  let shops: SyncFixture;
  const tag = `HR${Date.now().toString(36)}`;
  const scheduleIds: string[] = [];
  let sourceId = 0;

  beforeAll(async () => {
    stack = await startTestStack();
    idle = await startTestStack({ worker: false }); // its task queue has no worker: jobs started there never move
    shops = await startShops(stack, 1, tag);
    const [row] = await stack.sequelize.query<{ id: number }>(
      `INSERT INTO erp_sources (name, kind, settings, field_ownership) VALUES ($1, 'dynamics', '{}'::jsonb, '[]'::jsonb) RETURNING id`,
      { bind: [`${tag} source`], type: QueryTypes.SELECT },
    );
    sourceId = row.id;
  });
  afterAll(async () => {
    for (const id of scheduleIds) await stack.temporal.schedule.getHandle(id).delete().catch(() => undefined);
    await shops?.stop();
    await deleteProducts(stack.sequelize, { skuPrefix: tag });
    await stack?.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [sourceId] });
    await idle?.stop();
    await stack?.stop();
  });

  it('shows per shop the last successful sync and failures by code, per ERP source its last pull; managers only', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-A`, 3);
    await updateProducts(stack.sequelize, ids[2], { ean: 'NOT-AN-EAN' });
    const job = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'continue' } });
    expect((await waitForJob(stack, job.json.jobId)).status).toBe('completed');

    expect((await api(stack, 'GET', '/reports/health', { role: 'user' })).status).toBe(403);
    const res = await api(stack, 'GET', '/reports/health', { role: 'manager' });
    expect(res.status).toBe(200);
    const shop = res.json.shops.find((s: { id: number }) => s.id === shops.shopIds[0]);
    expect(shop.lastSuccessfulSyncAt).not.toBeNull();
    expect(shop.errors).toEqual([{ code: 'VALIDATION', count: 1 }]);
    expect(res.json.erpSources.find((s: { id: number }) => s.id === sourceId)).toMatchObject({ lastSuccessfulPullAt: null, errors: [] });
    expect(res.json.stuckJobs.find((j: { jobId: string }) => j.jobId === job.json.jobId)).toBeUndefined();
    expect((await api(stack, 'GET', '/reports/health?stuck=1', { role: 'manager' })).status).toBe(400); // unknown parameter
  });

  it('lists a running job without progress as stuck, and a paused schedule', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-B`, 2);
    const { jobId } = await startBulkJob(
      { temporal: idle.temporal, sequelize: idle.sequelize, taskQueue: idle.config.TEMPORAL_TASK_QUEUE },
      { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'continue', userId: 'user:test' },
    );
    try {
      const sched = await api(stack, 'POST', '/schedules', { body: { sourceId, name: 'nightly', cron: '0 2 * * *', paused: true, note: 'maintenance' } });
      expect(sched.status).toBe(201);
      scheduleIds.push(sched.json.id);

      // Visibility is eventually consistent: poll until the new job is listed.
      let stuck: { jobId: string; type: string; lastProgressAt: string | null }[] = [];
      for (let i = 0; i < 50 && !stuck.some((j) => j.jobId === jobId); i++) {
        stuck = (await api(stack, 'GET', '/reports/health?stuckMinutes=0', { role: 'manager' })).json.stuckJobs;
        if (!stuck.some((j) => j.jobId === jobId)) await new Promise((r) => setTimeout(r, 200));
      }
      expect(stuck.find((j) => j.jobId === jobId)).toMatchObject({ type: 'bulk', lastProgressAt: null });
      const report = (await api(stack, 'GET', '/reports/health', { role: 'manager' })).json;
      expect(report.stuckMinutes).toBe(15);
      expect(report.stuckJobs.some((j: { jobId: string }) => j.jobId === jobId)).toBe(false); // younger than 15 minutes
      expect(report.schedules).toContainEqual({ id: sched.json.id, sourceId, problem: 'paused', note: 'maintenance', lastRunStatus: null });
    } finally {
      await idle.temporal.workflow.getHandle(jobId).terminate('test over').catch(() => undefined);
    }
  });
});
