import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import winston from 'winston';
import { reencryptCredentials } from '../../src/cli/keyRotation';
import { SecretBox } from '../../src/crypto/secretBox';
import { createSequelize } from '../../src/db/database';
import { migrateUp } from '../../src/db/migrator';
import { logger } from '../../src/logging/logger';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { adminDatabaseUrl, createDatabase, dropDatabase } from '../setup/testDatabase';

/**
 * Credentials at rest and in logs, on a database of its own (so the dump and the key rotation see only this
 * test's rows): write-only fields with masked hints, no plaintext anywhere in the database, none in the logs.
 */
describe('encrypted, write-only credentials', () => {
  const dbName = `ppm_auth_secrets_${Date.now()}_${process.pid}`;
  let stack: TestStack;
  let admin: Record<string, string>;
  const captured: string[] = [];
  const capture = new winston.transports.Stream({ stream: new Writable({ write: (chunk, _e, done) => (captured.push(String(chunk)), done()) }), level: 'silly' });
  const SHOP_KEY = 'SHOPKEY7Q2W3E4R5T6Y7U8I9O0PASDFGH';
  const SHOP_KEY_2 = 'NEWKEYZXCVBNMASDFGHJKLQWERTYUIOP1';
  const ERP_PASSWORD = 'Sübiekt-Pa55word!#2024';
  const BC_SECRET = 'bc~client~secret~9f8e7d6c5b4a';

  beforeAll(async () => {
    const url = await createDatabase(adminDatabaseUrl(), dbName);
    const s = createSequelize({ url, poolMax: 1, ssl: false });
    await migrateUp(s);
    await s.close();
    stack = await startTestStack({ worker: false, env: { DATABASE_URL: url } });
    admin = await stack.authHeaders('admin');
    for (const t of logger.transports) t.silent = true; // keep the console quiet; `capture` sees everything
    logger.add(capture);
    capture.silent = false;
    logger.level = 'silly';
  });
  afterAll(async () => {
    logger.remove(capture);
    for (const t of logger.transports) t.silent = false;
    await stack?.stop();
    await dropDatabase(adminDatabaseUrl(), dbName);
  });

  const api = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${stack.baseUrl}/api/v1${path}`, { method, headers: { ...admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('shops: the API key is write-only, shown as a masked hint, and the base URL must be http(s)', async () => {
    const created = await api('/shops', 'POST', { name: 'Sklep PL', baseUrl: 'https://sklep.example.pl/', apiKey: SHOP_KEY, languageMap: { pl: 1 } });
    expect(created.status).toBe(201);
    const shop = (await created.json()) as Record<string, unknown>;
    expect(shop).toMatchObject({ baseUrl: 'https://sklep.example.pl', apiKeyHint: `••••${SHOP_KEY.slice(-4)}` });
    expect(JSON.stringify(shop)).not.toContain(SHOP_KEY);
    const patched = await api(`/shops/${shop.id}`, 'PATCH', { apiKey: SHOP_KEY_2 });
    expect(((await patched.json()) as { apiKeyHint: string }).apiKeyHint).toBe(`••••${SHOP_KEY_2.slice(-4)}`);
    const list = await (await api('/shops')).text();
    expect(list).not.toContain(SHOP_KEY_2);
    for (const baseUrl of ['ftp://sklep.example.pl', 'javascript:alert(1)', 'https://user:pw@sklep.example.pl', 'file:///etc/passwd', 'not a url']) {
      const bad = await api('/shops', 'POST', { name: `Bad ${baseUrl}`, baseUrl, apiKey: SHOP_KEY });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await api('/shops', 'POST', { name: 'Sklep PL', baseUrl: 'https://x.example', apiKey: SHOP_KEY })).status).toBe(409);
  });

  it('ERP sources: credentials are write-only and secrets are refused in plaintext settings', async () => {
    const sub = await api('/erp-sources', 'POST', { name: 'Subiekt', kind: 'subiekt', settings: { server: 'sql01', database: 'FIRMA' }, credentials: { user: 'sa', password: ERP_PASSWORD } });
    expect(sub.status).toBe(201);
    const body = (await sub.json()) as Record<string, unknown>;
    expect(body.credentialsHint).toBe('•••• (password, user)');
    expect(body.credentialsHint).not.toContain(ERP_PASSWORD.slice(-4));
    expect(JSON.stringify(body)).not.toContain(ERP_PASSWORD);
    const bc = await api('/erp-sources', 'POST', { name: 'BC', kind: 'dynamics', settings: { tenantId: 't', company: 'CRONUS' }, credentials: { clientId: 'c', clientSecret: BC_SECRET } });
    expect(bc.status).toBe(201);
    const leak = await api('/erp-sources', 'POST', { name: 'Leaky', kind: 'dynamics', settings: { clientSecret: BC_SECRET } });
    expect(leak.status).toBe(400);
    expect(await (await api('/erp-sources')).text()).not.toContain(BC_SECRET);
  });

  it('a dump of every table contains no plaintext credential, only v1 envelopes', async () => {
    const [tables] = (await stack.sequelize.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as [{ tablename: string }[], unknown];
    let dump = '';
    for (const { tablename } of tables) {
      const [rows] = (await stack.sequelize.query(`SELECT t::text AS row FROM "${tablename}" t`)) as [{ row: string }[], unknown];
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain('Sklep PL');
    for (const secret of [SHOP_KEY, SHOP_KEY_2, ERP_PASSWORD, BC_SECRET, admin.Authorization.slice(7)]) expect(dump).not.toContain(secret);
    expect(dump).toMatch(/v1\.[A-Za-z0-9_-]+\./);
  });

  it('ppm keys rotate re-seals every credential with the new key; old rows keep decrypting until then', async () => {
    const newKey = { id: 'k2', key: crypto.randomBytes(32) };
    const box = new SecretBox([newKey, ...stack.config.ENCRYPTION_KEY]);
    expect(await reencryptCredentials(stack.sequelize, box)).toEqual({ shops: 1, erpSources: 2 });
    expect(await reencryptCredentials(stack.sequelize, box)).toEqual({ shops: 0, erpSources: 0 });
    const [[shop]] = (await stack.sequelize.query(`SELECT id, base_url, api_key_encrypted FROM shops WHERE name = 'Sklep PL'`)) as [{ id: number; base_url: string; api_key_encrypted: string }[], unknown];
    expect(SecretBox.keyIdOf(shop.api_key_encrypted)).toBe('k2');
    expect(new SecretBox([newKey]).decrypt(shop.api_key_encrypted, `shops:${shop.id}:api_key:${shop.base_url}`)).toBe(SHOP_KEY_2);
  });

  it('captured logs contain none of the secrets used in this run', async () => {
    const s = await api('/auth/me');
    expect(s.status).toBe(200);
    await fetch(`${stack.baseUrl}/api/v1/shops`, { headers: { authorization: `Bearer ${SHOP_KEY}`, cookie: `ppm_refresh=${ERP_PASSWORD}` } });
    logger.info('diagnostic with secrets in metadata', { headers: { authorization: admin.Authorization, cookie: `ppm_refresh=${BC_SECRET}` }, apiKey: SHOP_KEY, password: ERP_PASSWORD });
    const logs = captured.join('\n');
    expect(logs).toMatch(/GET \/api\/v1\/shops/);
    for (const secret of [SHOP_KEY, SHOP_KEY_2, ERP_PASSWORD, BC_SECRET, admin.Authorization.slice(7), stack.config.JWT_SECRET]) expect(logs).not.toContain(secret);
  });
});
