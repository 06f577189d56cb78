import { SecretBox } from '../../src/crypto/secretBox';
import { OutboundPolicy } from '../../src/net/outboundPolicy';
import { createShopGatewayOpener } from '../../src/shopPush/shopGatewayOpener';
import { encryptShopApiKey } from '../../src/shops/shopCredentials';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createShop, deleteShops } from '../../src/shops/shopStore';

/** Low: admin-set URLs cannot point inside the network unless the operator's allow-list says so. */
describe('outbound endpoints set by admins', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  const tag = Math.random().toString(36).slice(2, 8);
  beforeAll(async () => {
    // An operator who allows one internal network (say, the LAN of an on-premises Subiekt server), not loopback.
    stack = await startTestStack({ worker: false, env: { OUTBOUND_ALLOWED_NETWORKS: '10.1.0.0/16' } });
    admin = await stack.authHeaders('admin');
  });
  afterAll(async () => stack?.stop());
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${stack.baseUrl}/api/v1${path}`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as any };
  };

  it('refuses shop base URLs on loopback, private, link-local, metadata or unique-local addresses', async () => {
    const internal = ['http://127.0.0.1:8081', 'http://localhost:8080', 'http://10.0.0.5', 'http://192.168.1.10', 'http://172.16.0.1', 'http://169.254.169.254', 'http://[::1]:80', 'http://[fd00::1]', 'http://[::ffff:127.0.0.1]', 'http://[::ffff:0:127.0.0.1]', 'http://metadata.google.internal', 'http://0.0.0.0'];
    for (const [i, baseUrl] of internal.entries()) {
      const r = await post('/shops', { name: `ssrf-${tag}-${i}`, baseUrl, apiKey: 'K'.repeat(32) });
      expect([baseUrl, r.status, r.json.error?.code]).toEqual([baseUrl, 422, 'OUTBOUND_REFUSED']);
    }
    expect((await post('/shops', { name: `lan-${tag}`, baseUrl: 'http://10.1.2.3', apiKey: 'K'.repeat(32) })).status).toBe(201); // allow-listed
    expect((await post('/shops', { name: `pub-${tag}`, baseUrl: 'https://shop.example.com', apiKey: 'K'.repeat(32) })).status).toBe(201);
  });

  it('refuses ERP endpoints (Subiekt server, BC token and API URLs) on internal addresses', async () => {
    const bad = [
      { kind: 'subiekt', settings: { server: '169.254.169.254', database: 'X' } },
      { kind: 'subiekt', settings: { server: '127.0.0.1\\INSERTGT', database: 'X' } },
      { kind: 'dynamics', settings: { tenantId: 't', company: 'C', tokenUrl: 'http://127.0.0.1:9/token' } },
      { kind: 'dynamics', settings: { tenantId: 't', company: 'C', apiBaseUrl: 'http://192.168.0.2' } },
    ];
    for (const [i, src] of bad.entries()) {
      const r = await post('/erp-sources', { name: `ssrf-erp-${tag}-${i}`, ...src });
      expect([src, r.status, r.json.error?.code]).toEqual([src, 422, 'OUTBOUND_REFUSED']);
    }
    expect((await post('/erp-sources', { name: `lan-erp-${tag}`, kind: 'subiekt', settings: { server: '10.1.5.5', database: 'X' } })).status).toBe(201);
  });

  it('refuses to open a connection to an internal shop written behind the API', async () => {
    const box = new SecretBox(stack.config.ENCRYPTION_KEY);
    const shop = await createShop(stack.sequelize, { name: `direct-${tag}`, baseUrl: 'http://127.0.0.1:1', psVersion: '8', languageMap: { pl: 1 }, taxRulesMap: {} }, (row) => ({
      apiKeyEncrypted: encryptShopApiKey(box, row, 'K'.repeat(32)),
      apiKeyHint: '',
    }));
    const open = createShopGatewayOpener(stack.sequelize, box, new OutboundPolicy(stack.config.OUTBOUND_ALLOWED_NETWORKS));
    await expect(open(shop.id)).rejects.toThrow(/refused/);
    await deleteShops(stack.sequelize, [shop.id]);
  });
});
