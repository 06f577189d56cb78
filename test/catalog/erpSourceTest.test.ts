import { createDynamicsSource, type DynamicsSourceFixture } from '../erpPull/erpTestSources';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** POST /erp-sources/{id}/test over HTTP against the Business Central simulator: connects, counts, reports failures. */
describe('ERP source connection test', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  let bc: DynamicsSourceFixture;
  const tag = `ERT${Date.now().toString(36).toUpperCase()}`;

  const test = async (id: number, headers = admin) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/erp-sources/${id}/test`, { method: 'POST', headers });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    admin = await stack.authHeaders('admin');
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `BC ${tag}`, items: 7 });
  });
  afterAll(async () => {
    await bc.stop().catch(() => undefined);
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [bc.sourceId] });
    await stack.stop();
  });

  it('reports the company and its product count; a stopped server is ok: false with the reason; admins only', async () => {
    const live = await test(bc.sourceId);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ ok: true, error: null, system: 'dynamics', productCount: 7, details: { companyName: bc.sim.companies[0].name } });
    expect(JSON.stringify(live.body)).not.toContain(bc.sim.clientSecret);

    expect((await test(bc.sourceId, await stack.authHeaders('manager'))).status).toBe(403);
    expect((await test(2147483000)).status).toBe(404);

    await bc.sim.stop();
    const down = await test(bc.sourceId);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ ok: false, productCount: null, error: { code: expect.any(String), message: expect.any(String) } });
  });
});
