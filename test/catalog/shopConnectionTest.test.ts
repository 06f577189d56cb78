import { generateWebserviceKey, type PrestaShopSimulator, startPrestaShopSimulator } from '../../src/simulators/prestashop';
import { PrestaShopClient } from '../../src/connectors/prestashop';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** POST /shops/{id}/test over HTTP against the PrestaShop simulator: version, permissions, languages, tax groups, setup needs, discover. */
describe('shop connection test', () => {
  let stack: TestStack;
  let sim: PrestaShopSimulator;
  let admin: Record<string, string>;
  const limitedKey = generateWebserviceKey();
  const tag = `SCT${Date.now().toString(36)}`;
  const shopIds: number[] = [];

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const register = async (name: string, baseUrl: string, apiKey: string) => {
    const r = await call('POST', '/shops', admin, { name: `${name} ${tag}`, baseUrl, apiKey, languageMap: { pl: 1 } });
    expect(r.status).toBe(201);
    shopIds.push(r.body.id);
    return r.body.id as number;
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    admin = await stack.authHeaders('admin');
    sim = await startPrestaShopSimulator({
      version: '8.2',
      languages: ['pl', 'en', 'de'],
      extraKeys: [{ key: limitedKey, active: true, permissions: { products: ['GET', 'HEAD'], languages: ['GET', 'HEAD'], tax_rule_groups: ['GET', 'HEAD'] } }],
    });
  });
  afterAll(async () => {
    for (const id of shopIds) await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [id] });
    await sim.stop();
    await stack.stop();
  });

  it('reports version, languages, tax rule groups and missing setup, and proposes the maps with discover', async () => {
    const id = await register('Full', sim.url, sim.key);
    const r = await call('POST', `/shops/${id}/test`, admin, { discover: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, error: null, major: '8', missingPermissions: [] });
    expect(r.body.version).toMatch(/^8\.2/);
    expect(r.body.languages.map((l: any) => l.isoCode)).toEqual(['pl', 'en', 'de']);
    expect(r.body.taxRuleGroups.map((g: any) => g.rate)).toEqual(['23', '8', '5', '0']);
    expect(r.body.setupNeeded).toEqual(expect.arrayContaining([expect.stringContaining('language en'), expect.stringContaining('language de')]));
    expect(r.body.proposal).toEqual({ languageMap: { pl: 1, en: 2, de: 3 }, taxRulesMap: { '23': 1, '8': 2, '5': 3, '0': 4 } });
    expect(JSON.stringify(r.body)).not.toContain(sim.key);
    expect((await call('POST', `/shops/${id}/test`, admin, {})).body.proposal).toBeNull();
  });

  it('lists the categories under the shop Home to choose rootCategoryId from, and names a rootCategoryId the shop lacks', async () => {
    const garden = await new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxConcurrency: 1 }).findOrCreateCategory('Ogród', 2);
    const id = await register('Roots', sim.url, sim.key);
    const r = await call('POST', `/shops/${id}/test`, admin, {});
    expect(r.body).toMatchObject({ rootCategoryId: 2, rootCategories: expect.arrayContaining([{ id: garden.id, name: 'Ogród' }]) });
    expect(r.body.setupNeeded.join('\n')).not.toContain('rootCategoryId');
    await stack.sequelize.query(`UPDATE shops SET root_category_id = 9999 WHERE id = $1`, { bind: [id] });
    expect((await call('POST', `/shops/${id}/test`, admin, {})).body.setupNeeded).toEqual(expect.arrayContaining([expect.stringContaining('rootCategoryId 9999')]));
  });

  it('names the permissions a restricted key lacks, and reports an unreachable shop as a failed test', async () => {
    const limited = await register('Limited', sim.url, limitedKey);
    const r = await call('POST', `/shops/${limited}/test`, admin, { discover: false });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.missingPermissions).toEqual(expect.arrayContaining([{ resource: 'products', methods: ['post', 'put', 'delete'] }, { resource: 'categories', methods: ['get', 'post'] }]));
    const down = await register('Down', 'http://127.0.0.1:1', sim.key);
    const d = await call('POST', `/shops/${down}/test`, admin, { discover: true });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ ok: false, proposal: null });
    expect(d.body.error.code).toEqual(expect.any(String));
  });

  it('is for admins, validates its body and answers 404 for an unknown shop', async () => {
    const id = shopIds[0];
    expect((await call('POST', `/shops/${id}/test`, await stack.authHeaders('manager'), {})).status).toBe(403);
    const bad = await call('POST', `/shops/${id}/test`, admin, { discover: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('discover');
    expect((await call('POST', '/shops/2147483647/test', admin, {})).status).toBe(404);
  });
});
