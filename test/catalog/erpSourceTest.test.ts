import { GROUPS, PRICE_LEVEL_NAMES } from '../../src/simulators/sqlserver/seed/polishWords';
import { type SqlServerSimulator, startSqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';
import { createDynamicsSource, createSubiektSource, type DynamicsSourceFixture } from '../erpPull/erpTestSources';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** POST /erp-sources/{id}/test over HTTP against the Business Central simulator: connects, counts, reports failures. */
describe('ERP source connection test', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  let bc: DynamicsSourceFixture;
  let sim: SqlServerSimulator;
  let subiektId: number;
  const tag = `ERT${Date.now().toString(36).toUpperCase()}`;

  const test = async (id: number, headers = admin) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/erp-sources/${id}/test`, { method: 'POST', headers });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    admin = await stack.authHeaders('admin');
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `BC ${tag}`, items: 7 });
    sim = await startSqlServerSimulator({ databaseUrl: process.env.DATABASE_URL!, schema: `subiekt_sim_erptest_${process.pid}`, seed: { products: 12, seed: 5 } });
    subiektId = await createSubiektSource(stack.sequelize, stack.config, sim, { name: `Subiekt ${tag}`, settings: { priceLevel: 2, warehouseIds: [1] } });
  });
  afterAll(async () => {
    await sim?.stop().catch(() => undefined);
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [subiektId] });
    await bc.stop().catch(() => undefined);
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [bc.sourceId] });
    await stack.stop();
  });

  it('reports the company and its product count; a stopped server is ok: false with the reason; admins only', async () => {
    const live = await test(bc.sourceId);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ ok: true, error: null, system: 'dynamics', productCount: 7, details: { companyName: bc.sim.companies[0].name } });
    expect(JSON.stringify(live.body)).not.toContain(bc.sim.clientSecret);
    // Every company of the environment, to choose the `company` setting from.
    expect(live.body.details.companies.map((c: any) => c.name).sort()).toEqual(bc.sim.companies.map((c) => c.name).sort());

    expect((await test(bc.sourceId, await stack.authHeaders('manager'))).status).toBe(403);
    expect((await test(2147483000)).status).toBe(404);

    await bc.sim.stop();
    const down = await test(bc.sourceId);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ ok: false, productCount: null, error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('a Subiekt GT source: server version, product and group counts, price level names, the configured and all warehouses', async () => {
    const live = await test(subiektId);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      ok: true,
      system: 'subiekt',
      productCount: 12,
      details: { productCount: 12, productGroupCount: GROUPS.length, priceLevel: 2, priceLevelName: PRICE_LEVEL_NAMES[1], warehouses: [{ id: 1 }] },
    });
    expect(live.body.details.priceLevelNames).toHaveLength(10);
    expect(live.body.details.availableWarehouses.length).toBeGreaterThan(1);
    expect(JSON.stringify(live.body)).not.toContain(sim.password);
  });
});
