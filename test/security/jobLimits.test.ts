import { QueryTypes } from 'sequelize';
import { loadConfig } from '../../src/config/env';
import { purgeExpiredData } from '../../src/runtime/retentionSweeper';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts } from '../workflows/syncFixture';
import { deleteProducts } from '../helpers/products';

/** Low: caps on selections and running jobs per principal; old job data and spent refresh tokens are swept. */
describe('job limits and retention', () => {
  let stack: TestStack;
  const tag = `LIM${Date.now().toString(36)}`;
  let ids: number[];
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { BULK_MAX_SELECTION: '5', JOBS_MAX_RUNNING_PER_PRINCIPAL: '2' } });
    ids = await createProducts(stack.sequelize, tag, 6);
  });
  afterAll(async () => {
    for await (const w of stack.temporal.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${stack.config.TEMPORAL_TASK_QUEUE}'` })) {
      await stack.temporal.workflow.getHandle(w.workflowId, w.runId).terminate('test done').catch(() => undefined);
    }
    await deleteProducts(stack.sequelize, { skuPrefix: tag });
    await stack?.stop();
  });

  it('refuses a bulk selection larger than BULK_MAX_SELECTION, by filter or by ids (422)', async () => {
    const byFilter = await api(stack, 'POST', '/products/bulk', { body: { operation: 'export', filter: { skuPrefix: tag } } });
    expect(byFilter.status).toBe(422);
    expect(byFilter.json.error).toMatchObject({ code: 'SELECTION_TOO_LARGE', details: { size: 6, max: 5 } });
    const byIds = await api(stack, 'POST', '/products/bulk', { body: { operation: 'export', productIds: ids } });
    expect(byIds.status).toBe(422);
    // RFC 3339 allows offsets up to ±23:59, PostgreSQL only ±15:59: still counted (as the UTC instant), not a 500.
    const farOffset = await api(stack, 'POST', '/products/bulk', { body: { operation: 'export', filter: { skuPrefix: tag, updatedSince: '2001-05-01T08:33:18.743241-18:11' } } });
    expect(farOffset.json.error).toMatchObject({ code: 'SELECTION_TOO_LARGE', details: { size: 6, max: 5 } });
  });

  it('refuses more running jobs per principal than JOBS_MAX_RUNNING_PER_PRINCIPAL (429)', async () => {
    for (const id of ids.slice(0, 2)) expect((await api(stack, 'POST', `/products/${id}/sync`, { role: 'user', body: {} })).status).toBe(202);
    // Visibility is eventually consistent: wait until both runs are listed before asking for a third.
    for (let i = 0; i < 100; i++) {
      const { count } = await stack.temporal.workflow.count(`ExecutionStatus = 'Running' AND TaskQueue = '${stack.config.TEMPORAL_TASK_QUEUE}'`);
      if (count >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const third = await api(stack, 'POST', `/products/${ids[2]}/sync`, { role: 'user', body: {} });
    expect(third.status).toBe(429);
    expect(third.json.error).toMatchObject({ code: 'TOO_MANY_JOBS', details: { running: 2, max: 2 } });
    expect((await api(stack, 'POST', `/products/${ids[2]}/sync`, { role: 'manager', body: {} })).status).toBe(202); // another principal
  });

  it('refuses to keep job data and spent refresh tokens past their retention', async () => {
    const q = (sql: string, bind: unknown[] = []) => stack.sequelize.query(sql, { bind });
    const old = `old-${tag}`;
    const fresh = `fresh-${tag}`;
    for (const job of [old, fresh]) {
      const at = job === old ? `now() - interval '40 days'` : 'now()';
      await q(`INSERT INTO job_selection (job_id, seq, product_id, created_at) VALUES ($1, 0, 1, ${at})`, [job]);
      await q(`INSERT INTO job_export_rows (job_id, seq, row, created_at) VALUES ($1, 0, '{}'::jsonb, ${at})`, [job]);
      await q(`INSERT INTO job_plan_items (job_id, shop_id, product_id, seq, action, created_at) VALUES ($1, 1, 1, 0, 'skip', ${at})`, [job]);
      await q(`INSERT INTO job_failures (job_id, action, code, message, created_at) VALUES ($1, 'sync', 'X', 'm', ${at})`, [job]);
    }
    const [user] = await stack.sequelize.query<{ id: number }>(`INSERT INTO users (email, role) VALUES ($1, 'user') RETURNING id`, { bind: [`${tag}@example.com`.toLowerCase()], type: QueryTypes.SELECT });
    await q(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), $2, now() - interval '3 days')`, [user.id, 'a'.repeat(64)]);
    await q(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), $2, now() + interval '3 days')`, [user.id, 'b'.repeat(64)]);

    await purgeExpiredData(stack.sequelize, 30);
    for (const table of ['job_selection', 'job_export_rows', 'job_plan_items', 'job_failures']) {
      const rows = await stack.sequelize.query<{ job_id: string }>(`SELECT job_id FROM ${table} WHERE job_id IN ($1, $2)`, { bind: [old, fresh], type: QueryTypes.SELECT });
      expect([table, rows.map((r) => r.job_id)]).toEqual([table, [fresh]]);
    }
    const tokens = await stack.sequelize.query<{ token_hash: string }>(`SELECT token_hash FROM refresh_tokens WHERE user_id = $1`, { bind: [user.id], type: QueryTypes.SELECT });
    expect(tokens.map((t) => t.token_hash)).toEqual(['b'.repeat(64)]);
    expect(() => loadConfig({ ...process.env, JOB_RETENTION_DAYS: '3' })).toThrow(/JOB_RETENTION_DAYS/);
  });
});
