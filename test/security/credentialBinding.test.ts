import crypto from 'node:crypto';
import { reencryptCredentials } from '../../src/cli/keyRotation';
import { SecretBox } from '../../src/crypto/secretBox';
import { AuditLog } from '../../src/db/models/AuditLog';
import { DEFAULT_ERP_CONNECTORS } from '../../src/erpPull/defaultErpConnectors';
import { createErpSourceFactory } from '../../src/erpPull/erpSourceFactory';
import { OutboundPolicy } from '../../src/net/outboundPolicy';
import { legacyShopApiKeyAad } from '../../src/shops/shopCredentials';
import { createShopGatewayOpener } from '../../src/shopPush/shopGatewayOpener';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** Medium 3: write-only credentials are bound to the endpoint they are sent to. */
describe('credentials bound to their endpoint', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  const tag = Math.random().toString(36).slice(2, 8);
  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    admin = await stack.authHeaders('admin');
  });
  afterAll(async () => stack?.stop());
  const api = async (path: string, method = 'GET', body?: unknown) => {
    const r = await fetch(`${stack.baseUrl}/api/v1${path}`, { method, headers: { ...admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, json: (await r.json().catch(() => null)) as any };
  };
  const lastAudit = async (action: string, target: string) => (await AuditLog.findAll({ where: { action, target }, order: [['id', 'DESC']], limit: 1 }))[0];

  it('refuses to repoint a shop at another base URL without the API key, and audits the old and new endpoint', async () => {
    const created = await api('/shops', 'POST', { name: `bind-${tag}`, baseUrl: 'https://shop-a.example', apiKey: 'SHOPKEYAAAAAAAAAAAAAAAA1' });
    expect(created.status).toBe(201);
    const id = created.json.id as number;
    const sneaky = await api(`/shops/${id}`, 'PATCH', { baseUrl: 'https://collector.attacker.example' });
    expect(sneaky.status).toBe(422);
    expect(sneaky.json.error.code).toBe('CREDENTIALS_REQUIRED');
    expect((await api(`/shops/${id}`)).json.baseUrl).toBe('https://shop-a.example');
    expect((await api(`/shops/${id}`, 'PATCH', { name: `bind-${tag}-renamed` })).status).toBe(200); // other fields need no key
    const moved = await api(`/shops/${id}`, 'PATCH', { baseUrl: 'https://shop-b.example', apiKey: 'SHOPKEYBBBBBBBBBBBBBBBB2' });
    expect(moved.status).toBe(200);
    expect((await lastAudit('shop.update', `shop:${id}`)).details).toMatchObject({ endpoint: { from: 'https://shop-a.example', to: 'https://shop-b.example' } });
  });

  it('refuses to decrypt a stored shop key for a base URL it was not sealed for (a row changed behind the API)', async () => {
    const created = await api('/shops', 'POST', { name: `bind2-${tag}`, baseUrl: 'https://shop-c.example', apiKey: 'C'.repeat(32) });
    const id = created.json.id as number;
    const open = createShopGatewayOpener(stack.sequelize, new SecretBox(stack.config.ENCRYPTION_KEY), new OutboundPolicy([]));
    await expect(open(id)).resolves.toBeTruthy();
    await stack.sequelize.query(`UPDATE shops SET base_url = 'https://collector.attacker.example' WHERE id = $1`, { bind: [id] });
    await expect(open(id)).rejects.toThrow(/cannot be decrypted/);
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [id] }); // unreadable rows would stop `ppm keys rotate`
  });

  it('refuses to repoint an ERP source (server, port, tokenUrl, apiBaseUrl, tenantId, trustServerCertificate) without its credentials', async () => {
    const sub = await api('/erp-sources', 'POST', { name: `sub-${tag}`, kind: 'subiekt', settings: { server: 'sql01.example', port: 1433, database: 'FIRMA' }, credentials: { user: 'ro', password: 'Pa55word!x' } });
    expect(sub.status).toBe(201);
    const id = sub.json.id as number;
    for (const settings of [
      { server: 'sql.attacker.example', port: 1433, database: 'FIRMA' },
      { server: 'sql01.example', port: 14330, database: 'FIRMA' },
      { server: 'sql01.example', port: 1433, database: 'FIRMA', trustServerCertificate: true },
    ]) {
      const r = await api(`/erp-sources/${id}`, 'PATCH', { settings });
      expect([settings, r.status, r.json.error?.code]).toEqual([settings, 422, 'CREDENTIALS_REQUIRED']);
    }
    expect((await api(`/erp-sources/${id}`, 'PATCH', { settings: { server: 'sql01.example', port: 1433, database: 'OTHER' } })).status).toBe(200);
    const moved = await api(`/erp-sources/${id}`, 'PATCH', { settings: { server: 'sql02.example', port: 1433, database: 'OTHER' }, credentials: { user: 'ro', password: 'N3w-Pa55!' } });
    expect(moved.status).toBe(200);
    expect((await lastAudit('erp_source.update', `erp_source:${id}`)).details).toMatchObject({ endpoint: { from: { server: 'sql01.example' }, to: { server: 'sql02.example' } } });

    const bc = await api('/erp-sources', 'POST', { name: `bc-${tag}`, kind: 'dynamics', settings: { tenantId: 't1', company: 'C', tokenUrl: 'https://login.example/t1/token', apiBaseUrl: 'https://api.example' }, credentials: { clientSecret: 's3cr3t-value' } });
    const bcId = bc.json.id as number;
    for (const change of [{ tokenUrl: 'https://attacker.example/token' }, { apiBaseUrl: 'https://attacker.example' }, { tenantId: 't2' }]) {
      const r = await api(`/erp-sources/${bcId}`, 'PATCH', { settings: { tenantId: 't1', company: 'C', tokenUrl: 'https://login.example/t1/token', apiBaseUrl: 'https://api.example', ...change } });
      expect([change, r.status]).toEqual([change, 422]);
    }
  });

  it('refuses to decrypt stored ERP credentials for an endpoint they were not sealed for', async () => {
    const sub = await api('/erp-sources', 'POST', { name: `sub2-${tag}`, kind: 'subiekt', settings: { server: 'sql01.example' }, credentials: { user: 'ro', password: 'Pa55word!y' } });
    const id = sub.json.id as number;
    const factory = createErpSourceFactory({ sequelize: stack.sequelize, secretBox: new SecretBox(stack.config.ENCRYPTION_KEY), builders: DEFAULT_ERP_CONNECTORS, outbound: new OutboundPolicy([]) });
    expect((await factory.load(id))?.credentials).toEqual({ user: 'ro', password: 'Pa55word!y' });
    await stack.sequelize.query(`UPDATE erp_sources SET settings = '{"server":"sql.attacker.example"}'::jsonb WHERE id = $1`, { bind: [id] });
    await expect(factory.load(id)).rejects.toThrow(/cannot be decrypted/);
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [id] });
  });

  it('refuses to keep a pre-binding envelope: ppm keys rotate re-seals it bound to the stored endpoint', async () => {
    const created = await api('/shops', 'POST', { name: `legacy-${tag}`, baseUrl: 'https://shop-l.example', apiKey: 'L'.repeat(32) });
    const id = created.json.id as number;
    const box = new SecretBox(stack.config.ENCRYPTION_KEY);
    await stack.sequelize.query(`UPDATE shops SET api_key_encrypted = $2 WHERE id = $1`, { bind: [id, box.encrypt('L'.repeat(32), legacyShopApiKeyAad(id))] });
    const open = createShopGatewayOpener(stack.sequelize, box, new OutboundPolicy([]));
    await expect(open(id)).rejects.toThrow(/cannot be decrypted/);
    const newKey = { id: `r${tag}`, key: crypto.randomBytes(32) };
    const rotated = new SecretBox([newKey, ...stack.config.ENCRYPTION_KEY]);
    try {
      await reencryptCredentials(stack.sequelize, rotated);
      await expect(createShopGatewayOpener(stack.sequelize, rotated, new OutboundPolicy([]))(id)).resolves.toBeTruthy();
    } finally {
      // The database is shared with other test files: put every row back on the configured key.
      await reencryptCredentials(stack.sequelize, new SecretBox([...stack.config.ENCRYPTION_KEY, newKey]));
    }
  });
});
