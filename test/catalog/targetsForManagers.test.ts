import { startTestStack, type TestStack } from '../helpers/testStack';

/** Managers choose bulk targets: they read shops and ERP sources (never a secret), users do not, only admins write. */
describe('shops and ERP sources for managers', () => {
  let stack: TestStack;
  const tag = `TGT${Date.now().toString(36)}`;
  const ids: { shop?: number; source?: number } = {};

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    const admin = await stack.authHeaders('admin');
    const shop = await call('POST', '/shops', admin, { name: `Sklep ${tag}`, baseUrl: 'http://127.0.0.1:9', apiKey: 'SECRETKEY-0123456789-ABCDEFGHIJ' });
    expect(shop.status).toBe(201);
    ids.shop = JSON.parse(shop.text).id;
    const source = await call('POST', '/erp-sources', admin, {
      name: `Subiekt ${tag}`,
      kind: 'subiekt',
      settings: { server: '127.0.0.1', database: 'Firma' },
      credentials: { user: 'sa', password: 'Sup3rSecretPassw0rd' },
    });
    expect(source.status).toBe(201);
    ids.source = JSON.parse(source.text).id;
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [ids.shop] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [ids.source] });
    await stack.stop();
  });

  it('a manager lists and reads both without secrets; a user is refused; a manager cannot change them', async () => {
    const manager = await stack.authHeaders('manager');
    const user = await stack.authHeaders('user');
    for (const path of ['/shops', `/shops/${ids.shop}`, '/erp-sources', `/erp-sources/${ids.source}`]) {
      const r = await call('GET', path, manager);
      expect(r.status).toBe(200);
      expect(r.text).not.toMatch(/SECRETKEY|Sup3rSecret|apiKeyEncrypted|credentialsEncrypted|"apiKey"|"password"/);
      expect((await call('GET', path, user)).status).toBe(403);
    }
    expect(JSON.parse((await call('GET', '/shops', manager)).text).items.map((s: any) => s.id)).toContain(ids.shop);
    expect((await call('PATCH', `/shops/${ids.shop}`, manager, { active: false })).status).toBe(403);
    expect((await call('POST', '/erp-sources', manager, { name: 'x', kind: 'subiekt', settings: {} })).status).toBe(403);
  });
});
