import { QueryTypes } from 'sequelize';
import { startErpPull } from '../../src/erpPull/startErpPull';
import type { ErpPullResult } from '../../workflows/erpPull';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createDynamicsSource, type DynamicsSourceFixture, simControl } from './erpTestSources';

/**
 * erpPullWorkflow end to end: Temporal dev server → worker → the real Business Central connector → the BC
 * simulator over HTTP → PostgreSQL. Pages of 20 with one page per run, so every pull continues-as-new.
 */
const ITEMS = 45;

interface Row {
  id: number;
  sku: string;
  name: string;
  price_net: string | null;
  status: string;
  updated_at: Date;
}

describe('ERP pull from Business Central (simulator)', () => {
  let stack: TestStack;
  let bc: DynamicsSourceFixture;

  const rows = () =>
    stack.sequelize.query<Row>(`SELECT id, sku, name, price_net, status, updated_at FROM products WHERE erp_source_id = $1 ORDER BY sku`, {
      bind: [bc.sourceId],
      type: QueryTypes.SELECT,
    });
  const pull = async (): Promise<ErpPullResult> => {
    // Full scans: these tests count every item (incremental pulls are covered in incrementalPull.test.ts).
    const { handle } = await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId: bc.sourceId, pageSize: 20, pagesPerRun: 1, mode: 'full' });
    return (await handle.result()) as ErpPullResult;
  };
  const simItems = () => simControl<{ number: string; displayName: string; unitPrice: number; blocked: boolean }[]>(bc.sim, 'GET', '/items');

  beforeAll(async () => {
    stack = await startTestStack();
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `BC pull ${Date.now()}`, items: ITEMS, pictureShare: 0.2 });
  });
  afterAll(async () => {
    await stack?.stop();
    await bc?.stop();
  });

  it('imports every item, continuing as new between pages, and downloads the pictures', async () => {
    const result = await pull();
    expect(result.phase).toBe('done');
    expect(result.counters).toMatchObject({ fetched: ITEMS, inserted: ITEMS, updated: 0, unchanged: 0, pages: 3 });
    expect(result.run).toBe(3); // two continue-as-new
    expect(result.counters.picturesDownloaded).toBeGreaterThan(0);

    const imported = await rows();
    const items = await simItems();
    expect(imported.map((r) => r.sku).sort()).toEqual(items.map((i) => i.number).sort());
    const [pics] = await stack.sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM product_images i JOIN products p ON p.id = i.product_id WHERE p.erp_source_id = $1 AND i.erp_picture_id IS NOT NULL AND length(i.data) > 0`,
      { bind: [bc.sourceId], type: QueryTypes.SELECT },
    );
    expect(pics.n).toBe(result.counters.picturesDownloaded);

    const runs = [];
    for await (const w of stack.temporal.workflow.list({ query: `WorkflowId = 'erp-pull:${bc.sourceId}'` })) runs.push(w.status.name);
    expect(runs.filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(2);
  });

  it('a second pull with nothing changed writes no product row and downloads no picture', async () => {
    const before = await rows();
    const result = await pull();
    expect(result.counters).toMatchObject({ fetched: ITEMS, inserted: 0, updated: 0, unchanged: ITEMS, picturesDownloaded: 0, vanishedDeactivated: 0 });
    expect(result.changed).toBe(0);
    const after = await rows();
    expect(after.map((r) => r.updated_at.toISOString())).toEqual(before.map((r) => r.updated_at.toISOString()));
  });

  it('updates a product changed in the ERP, but never the fields the PPM user owns', async () => {
    const [item] = (await simItems()).filter((i) => !i.blocked);
    const [product] = (await rows()).filter((r) => r.sku === item.number);
    // The user renames the product in PPM (name is user-owned for this source).
    await stack.sequelize.query(`UPDATE products SET name = 'Nazwa od użytkownika' WHERE id = $1`, { bind: [product.id] });
    // In BC both the price and the name change.
    await simControl(bc.sim, 'PUT', `/items/${encodeURIComponent(item.number)}`, { unitPrice: 1234.5, displayName: 'Nowa nazwa w ERP' });

    const result = await pull();
    expect(result.counters).toMatchObject({ updated: 1, inserted: 0, unchanged: ITEMS - 1 });
    expect(result.changed).toBe(1);
    const [after] = (await rows()).filter((r) => r.sku === item.number);
    expect(after.price_net).toBe('1234.5000');
    expect(after.name).toBe('Nazwa od użytkownika');
  });

  it('deactivates a product blocked in the ERP and brings it back when unblocked', async () => {
    const [, item] = (await simItems()).filter((i) => !i.blocked);
    await simControl(bc.sim, 'PUT', `/items/${encodeURIComponent(item.number)}`, { blocked: true });
    let result = await pull();
    expect(result.counters).toMatchObject({ updated: 1, deactivated: 1 });
    expect((await rows()).find((r) => r.sku === item.number)?.status).toBe('inactive');

    await simControl(bc.sim, 'PUT', `/items/${encodeURIComponent(item.number)}`, { blocked: false });
    result = await pull();
    expect(result.counters).toMatchObject({ updated: 1, reactivated: 1 });
    expect((await rows()).find((r) => r.sku === item.number)?.status).toBe('active');
  });

  it('deactivates a product deleted in the ERP (missing from a full pull)', async () => {
    const items = await simItems();
    const gone = items.filter((i) => !i.blocked).pop()!;
    const activeBefore = (await rows()).filter((r) => r.status === 'active').length;
    expect((await rows()).find((r) => r.sku === gone.number)?.status).toBe('active');
    await simControl(bc.sim, 'DELETE', `/items/${encodeURIComponent(gone.number)}`);
    const result = await pull();
    expect(result.counters).toMatchObject({ fetched: ITEMS - 1, vanishedDeactivated: 1, updated: 0 });
    const all = await rows();
    expect(all.find((r) => r.sku === gone.number)?.status).toBe('inactive');
    expect(all.filter((r) => r.status === 'active')).toHaveLength(activeBefore - 1);
  });

  it('a second start while a pull runs joins the running pull instead of overlapping it', async () => {
    const q = stack.config.TEMPORAL_TASK_QUEUE;
    const [a, b] = await Promise.all([
      startErpPull(stack.temporal, q, { sourceId: bc.sourceId, pageSize: 20, pagesPerRun: 1 }),
      startErpPull(stack.temporal, q, { sourceId: bc.sourceId, pageSize: 20, pagesPerRun: 1 }),
    ]);
    expect(b.runId).toBe(a.runId);
    await a.handle.result();
  });

  it('with syncChangedToShops, a pull that changed products starts a bulk sync job of them', async () => {
    const [item] = (await simItems()).filter((i) => !i.blocked);
    await simControl(bc.sim, 'PUT', `/items/${encodeURIComponent(item.number)}`, { unitPrice: 99.99 });
    const { handle } = await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId: bc.sourceId, pageSize: 50, syncChangedToShops: true });
    const result = (await handle.result()) as ErpPullResult;
    expect(result.counters.updated).toBe(1);
    expect(result.shopSync).toMatchObject({ started: true, jobId: expect.stringMatching(new RegExp(`^bulk:erp-pull:${bc.sourceId}:`)) });
    const bulk = await stack.temporal.workflow.getHandle(result.shopSync.jobId!).describe();
    expect(bulk.type).toBe('bulkOperationWorkflow');

    const again = (await (await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId: bc.sourceId, pageSize: 50, syncChangedToShops: true })).handle.result()) as ErpPullResult;
    expect(again.shopSync).toEqual({ started: false, reason: 'nothing changed' });
  });
});
