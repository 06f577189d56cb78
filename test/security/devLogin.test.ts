import http from 'node:http';
import { loadConfig, withDemoDevLogin } from '../../src/config/env';
import { startTestStack, type TestStack } from '../helpers/testStack';

type Answer = { status: number; body: any };

/** A raw HTTP request (fetch cannot set the Host header). */
function rawPost(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const u = new URL(baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** High 1: the development sign-in trusts the caller, not the bind address. */
describe('development sign-in', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { DEV_LOGIN: 'true' } });
  });
  afterAll(async () => stack?.stop());
  const login = (body: unknown, headers: Record<string, string> = {}) => rawPost(stack.baseUrl, '/api/v1/auth/dev/login', body, headers);

  it('refuses a request whose Host header names a non-loopback host (reverse proxy, DNS rebinding)', async () => {
    for (const host of ['ppm.attacker.example', 'ppm.attacker.example:3000', '127.0.0.1.nip.io']) {
      const r = await login({ email: `rebind-${Math.random()}@example.com` }, { host });
      expect([host, r.status]).toEqual([host, 403]);
      expect(r.body.error.code).toBe('LOOPBACK_ONLY');
    }
    const ok = await login({ email: 'local-caller@example.com' }, { host: `localhost:${new URL(stack.baseUrl).port}` });
    expect(ok.status).toBe(200);
  });

  it('refuses a request whose TCP peer is not loopback, whatever the Host header or X-Forwarded-For say', async () => {
    const req = new Request(`${stack.baseUrl}/api/v1/auth/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: '127.0.0.1', 'x-forwarded-for': '127.0.0.1' },
      body: JSON.stringify({ email: 'remote@example.com' }),
    });
    // The node adapter's bindings, as @hono/node-server passes them for a socket from 192.0.2.7.
    const res = await stack.app.fetch(req, { incoming: { socket: { remoteAddress: '192.0.2.7', remotePort: 50000, remoteFamily: 'IPv4' } } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('LOOPBACK_ONLY');
  });

  it('refuses to change the role of an existing user, and never defaults to admin', async () => {
    const first = await login({ email: 'plain-user@example.com' });
    expect(first.status).toBe(200);
    expect(first.body.user.role).toBe('user');
    const escalate = await login({ email: 'plain-user@example.com', role: 'admin' });
    expect(escalate.status).toBe(409);
    expect(escalate.body.error.code).toBe('ROLE_NOT_CHANGED');
    const again = await login({ email: 'plain-user@example.com' });
    expect(again.body.user.role).toBe('user');
  });

  it('refuses to exist for `ppm api` (and `ppm worker`) unless DEV_LOGIN=true, and in production whatever the settings', async () => {
    const api = await startTestStack({ worker: false, env: { NODE_ENV: 'development' } });
    try {
      expect(api.config.DEV_LOGIN).toBe(false);
      const r = await rawPost(api.baseUrl, '/api/v1/auth/dev/login', { email: 'x@example.com' });
      // No such operation: the path only matches GET /auth/{provider}/login, so POST is 405 (no session, ever).
      expect(r.status).toBe(405);
      expect(r.body).not.toHaveProperty('accessToken');
      const doc = (await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).not.toContain('/api/v1/auth/dev/login');
    } finally {
      await api.stop();
    }
    const prod = loadConfig({ NODE_ENV: 'production', DATA_DIR: stack.config.DATA_DIR, DATABASE_URL: 'postgres://x@y/z', TEMPORAL_ADDRESS: 't:7233', ENCRYPTION_KEY: `k:${Buffer.alloc(32).toString('base64')}`, JWT_SECRET: 'x'.repeat(40) });
    expect(withDemoDevLogin(prod).DEV_LOGIN).toBe(false);
  });
});
