import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuditLog } from '../../src/db/models/AuditLog';
import { PROJECT_ROOT } from '../../src/projectRoot';
import { startTestStack, type TestStack } from '../helpers/testStack';

type Session = { accessToken: string; user: { id: number } };

/** Low: service tokens do not outlive their creator's rights; admin tokens are short-lived; CLI tokens are audited. */
describe('service tokens and their creators', () => {
  let stack: TestStack;
  let root: Record<string, string>;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { DEV_LOGIN: 'true', SERVICE_TOKEN_ADMIN_MAX_DAYS: '30' } });
    root = await stack.authHeaders('admin');
  });
  afterAll(async () => stack?.stop());
  const call = async (auth: Record<string, string>, method: string, p: string, body?: unknown) => {
    const r = await fetch(`${stack.baseUrl}/api/v1${p}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, json: (await r.json().catch(() => null)) as any };
  };
  const login = async (email: string) => {
    const r = await fetch(`${stack.baseUrl}/api/v1/auth/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, role: 'admin' }) });
    return (await r.json()) as Session;
  };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const mint = async (auth: Record<string, string>, name: string, role: string) => {
    const r = await call(auth, 'POST', '/service-tokens', { name, role, expiresInDays: 7 });
    expect(r.status).toBe(201);
    return r.json.token as string;
  };

  it("refuses a deactivated creator's service tokens, and the tokens minted through them", async () => {
    const admin = await login('leaving-admin@example.com');
    const t1 = await mint(bearer(admin.accessToken), 'leaver-ops', 'admin');
    const t2 = await mint(bearer(t1), 'leaver-ops-child', 'admin'); // minted by the token itself
    expect((await call(bearer(t2), 'GET', '/auth/me')).status).toBe(200);
    expect((await call(root, 'PATCH', `/users/${admin.user.id}`, { active: false })).status).toBe(200);
    expect((await call(bearer(t1), 'GET', '/auth/me')).status).toBe(401);
    expect((await call(bearer(t2), 'GET', '/auth/me')).status).toBe(401);
  });

  it("refuses a demoted creator's tokens above the new role, and keeps those within it", async () => {
    const admin = await login('demoted-admin@example.com');
    const high = await mint(bearer(admin.accessToken), 'demoted-high', 'manager');
    const low = await mint(bearer(admin.accessToken), 'demoted-low', 'user');
    expect((await call(root, 'PATCH', `/users/${admin.user.id}`, { role: 'user' })).status).toBe(200);
    expect((await call(bearer(high), 'GET', '/auth/me')).status).toBe(401);
    expect((await call(bearer(low), 'GET', '/auth/me')).status).toBe(200);
  });

  it('refuses admin service tokens that live longer than SERVICE_TOKEN_ADMIN_MAX_DAYS', async () => {
    const long = await call(root, 'POST', '/service-tokens', { name: 'long-admin', role: 'admin', expiresInDays: 365 });
    expect(long.status).toBe(422);
    expect(long.json.error.code).toBe('TOKEN_LIFETIME_TOO_LONG');
    expect((await call(root, 'POST', '/service-tokens', { name: 'long-reader', role: 'user', expiresInDays: 365 })).status).toBe(201);
  });

  it('refuses to create a service token from the CLI without an audit record (and refuses an over-long admin one)', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: stack.config.DATABASE_URL!, LOG_LEVEL: 'error' };
    const cli = path.join(PROJECT_ROOT, 'bin/ppm.js');
    const name = `cli-ops-${Date.now()}`;
    const out = await run(process.execPath, [cli, 'token', 'create', '--name', name, '--role', 'admin'], { env });
    expect(out.stdout.trim()).toMatch(/^ppm_st_/);
    const rows = await AuditLog.findAll({ where: { action: 'service_token.create' } });
    expect(rows.some((r) => (r.details as Record<string, unknown>).name === name && (r.details as Record<string, unknown>).via === 'cli')).toBe(true);
    await expect(run(process.execPath, [cli, 'token', 'create', '--name', `${name}-long`, '--role', 'admin', '--days', '365'], { env })).rejects.toThrow(/--days must be/);
  });
});
