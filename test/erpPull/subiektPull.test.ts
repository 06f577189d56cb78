import { QueryTypes } from 'sequelize';
import { startErpPull } from '../../src/erpPull/startErpPull';
import { type SqlServerSimulator, startSqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';
import type { ErpPullInput, ErpPullResult } from '../../workflows/erpPull';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createSubiektSource } from './erpTestSources';

/** erpPullWorkflow against Subiekt GT: the real connector over TDS to the SQL Server simulator. */
describe('ERP pull from Subiekt GT (SQL Server simulator)', () => {
  let stack: TestStack;
  let sim: SqlServerSimulator;
  let sourceId: number;
  let fullScanFetched = 0;

  beforeAll(async () => {
    stack = await startTestStack();
    sim = await startSqlServerSimulator({ databaseUrl: process.env.DATABASE_URL!, schema: `subiekt_sim_erppull_${process.pid}`, seed: { products: 40, seed: 11 } });
    sourceId = await createSubiektSource(stack.sequelize, stack.config, sim, { name: `Subiekt ${Date.now()}`, settings: { priceLevel: 1, warehouseIds: [1, 2] } });
  });
  afterAll(async () => {
    await stack?.stop();
    await sim?.stop();
  });

  const pull = async (mode?: ErpPullInput['mode']) =>
    (await (await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId, pageSize: 15, mode })).handle.result()) as ErpPullResult;

  it('imports the products, then a repeat pull finds nothing to write', async () => {
    const first = await pull();
    expect(first.mode).toBe('full');
    fullScanFetched = first.counters.fetched;
    expect(first.counters.fetched).toBeGreaterThan(0);
    expect(first.counters.inserted + first.counters.conflicts).toBeGreaterThan(0);
    const [{ n }] = await stack.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE erp_source_id = $1`, { bind: [sourceId], type: QueryTypes.SELECT });
    expect(n).toBe(first.counters.inserted);

    const second = await pull();
    expect(second.counters).toMatchObject({ inserted: 0, updated: 0, picturesDownloaded: 0, vanishedDeactivated: 0 });
    expect(second.counters.unchanged).toBe(first.counters.inserted);
  });

  it('always runs full: Subiekt hands out no changes cursor, so even a requested incremental pull reads everything', async () => {
    const [stored] = await stack.sequelize.query<{ changes_cursor: string | null }>(`SELECT changes_cursor FROM erp_sources WHERE id = $1`, { bind: [sourceId], type: QueryTypes.SELECT });
    expect(stored.changes_cursor).toBeNull();
    const auto = await pull();
    const asked = await pull('incremental');
    for (const r of [auto, asked]) {
      expect(r.mode).toBe('full');
      expect(r.counters.fetched).toBe(fullScanFetched);
    }
  });
});
