import { QueryTypes } from 'sequelize';
import { startErpPull } from '../../src/erpPull/startErpPull';
import type { ErpPullInput, ErpPullResult } from '../../workflows/erpPull';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createDynamicsSource, type DynamicsSourceFixture, simControl } from './erpTestSources';

/**
 * Incremental ERP pulls against the Business Central simulator: after a full pull the source stores the
 * connector's changes cursor, and an automatic pull then reads only the items changed since (BC's
 * lastModifiedDateTime filter), never deactivating "vanished" products; a 'full' pull still does.
 */
const ITEMS = 60;

interface Row {
  sku: string;
  price_net: string | null;
  status: string;
}

describe('incremental ERP pull from Business Central (simulator)', () => {
  let stack: TestStack;
  let bc: DynamicsSourceFixture;

  const pull = async (extra: Partial<ErpPullInput> = {}): Promise<ErpPullResult> => {
    const { handle } = await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId: bc.sourceId, pageSize: 25, pagesPerRun: 1, ...extra });
    return (await handle.result()) as ErpPullResult;
  };
  const rows = () =>
    stack.sequelize.query<Row>(`SELECT sku, price_net, status FROM products WHERE erp_source_id = $1 ORDER BY sku`, { bind: [bc.sourceId], type: QueryTypes.SELECT });
  const simItems = () => simControl<{ number: string; blocked: boolean }[]>(bc.sim, 'GET', '/items');
  const setSettings = (patch: Record<string, unknown>) =>
    stack.sequelize.query(`UPDATE erp_sources SET settings = settings || $2::jsonb WHERE id = $1`, { bind: [bc.sourceId, JSON.stringify(patch)] });
  const memory = async () =>
    (
      await stack.sequelize.query<{ changes_cursor: string | null; last_full_pull_at: Date | null }>(
        `SELECT changes_cursor, last_full_pull_at FROM erp_sources WHERE id = $1`,
        { bind: [bc.sourceId], type: QueryTypes.SELECT },
      )
    )[0];

  beforeAll(async () => {
    stack = await startTestStack();
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `BC incremental ${Date.now()}`, items: ITEMS, pictureShare: 0, skuPrefix: 'INC-' });
    // No re-read margin, so the incremental read is exactly "changed after the full scan began" (the default
    // one-minute overlap would re-read the items the fixture just renumbered).
    await setSettings({ changeOverlapMs: 0 });
    // BC's scan start comes from the HTTP Date header (whole seconds): let the renumbering's second pass.
    await new Promise((r) => setTimeout(r, 1100));
  });
  afterAll(async () => {
    await stack?.stop();
    await bc?.stop();
  });

  it('the first automatic pull is full and stores the changes cursor', async () => {
    expect(await memory()).toEqual({ changes_cursor: null, last_full_pull_at: null });
    const result = await pull();
    expect(result.mode).toBe('full');
    expect(result.counters).toMatchObject({ fetched: ITEMS, inserted: ITEMS });
    const stored = await memory();
    expect(stored.changes_cursor).toEqual(expect.any(String));
    expect(stored.last_full_pull_at).not.toBeNull();
  });

  it('an automatic pull after it is incremental: reads only the changed item and updates it', async () => {
    const [item] = (await simItems()).filter((i) => !i.blocked);
    await simControl(bc.sim, 'PUT', `/items/${encodeURIComponent(item.number)}`, { unitPrice: 4321.5 });
    const before = (await memory()).changes_cursor;

    const result = await pull();
    expect(result.mode).toBe('incremental');
    expect(result.counters.fetched).toBeGreaterThanOrEqual(1);
    expect(result.counters.fetched).toBeLessThanOrEqual(3); // a full scan reads all 60
    expect(result.counters).toMatchObject({ updated: 1, inserted: 0, vanishedDeactivated: 0 });
    expect((await rows()).find((r) => r.sku === item.number)?.price_net).toBe('4321.5000');
    // The next incremental pull starts after this one.
    const after = await memory();
    expect(after.changes_cursor).toEqual(expect.any(String));
    expect(after.changes_cursor).not.toBe(before);

    const again = await pull();
    expect(again.mode).toBe('incremental');
    expect(again.counters).toMatchObject({ updated: 0, inserted: 0 });
    expect(again.counters.fetched).toBeLessThanOrEqual(1);
  });

  it('an incremental pull never deactivates a deleted item; a full pull does', async () => {
    const gone = (await simItems()).filter((i) => !i.blocked).pop()!;
    await simControl(bc.sim, 'DELETE', `/items/${encodeURIComponent(gone.number)}`);

    const incremental = await pull();
    expect(incremental.mode).toBe('incremental');
    expect(incremental.counters.vanishedDeactivated).toBe(0);
    expect((await rows()).find((r) => r.sku === gone.number)?.status).toBe('active');

    const full = await pull({ mode: 'full' });
    expect(full.mode).toBe('full');
    expect(full.counters).toMatchObject({ fetched: ITEMS - 1, vanishedDeactivated: 1 });
    expect((await rows()).find((r) => r.sku === gone.number)?.status).toBe('inactive');
  });

  it('an automatic pull runs full again once the last full pull is older than fullPullEveryHours', async () => {
    await setSettings({ fullPullEveryHours: 0 });
    const result = await pull();
    expect(result.mode).toBe('full');
    expect(result.counters.fetched).toBe(ITEMS - 1);

    await setSettings({ fullPullEveryHours: 24 });
    expect((await pull()).mode).toBe('incremental');
  });
});
