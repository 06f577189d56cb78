import { startTestStack, type TestStack } from '../helpers/testStack';

const FRONTEND = 'http://app.frontend.test';

/** HTTP hardening: body limit, bad JSON, rate limits with RateLimit-* headers, CORS, CSRF, security headers. */
describe('hardened API', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  beforeAll(async () => {
    stack = await startTestStack({
      worker: false,
      env: { FRONTEND_URL: FRONTEND, BODY_LIMIT_BYTES: '2048', RATE_LIMIT_PER_USER: '5', RATE_LIMIT_AUTH_PER_IP: '1000', RATE_LIMIT_PER_IP: '1000', DEV_LOGIN: 'true' },
    });
    admin = await stack.authHeaders('admin');
  });
  afterAll(async () => stack?.stop());
  const url = (p: string) => `${stack.baseUrl}${p}`;

  it('answers 413 for a body above the limit and 400 for malformed JSON, with the error envelope', async () => {
    const big = await fetch(url('/api/v1/shops'), { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await fetch(url('/api/v1/auth/dev/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": "a@b.c",' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('limits each caller with RateLimit-* headers and 429 + Retry-After', async () => {
    const me = await stack.authHeaders('user');
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(url('/api/v1/auth/me'), { headers: me });
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get('ratelimit-limit')).toBe('5');
        expect(last.headers.get('ratelimit-remaining')).toBe('4');
        expect(Number(last.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await fetch(url('/api/v1/auth/me'), { headers: await stack.authHeaders('user') })).status).toBe(200); // another caller is unaffected
  });

  it('allows CORS with credentials for FRONTEND_URL only', async () => {
    const pre = await fetch(url('/api/v1/shops'), { method: 'OPTIONS', headers: { origin: FRONTEND, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await fetch(url('/api/v1/auth/providers'), { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses cookie-authenticated state changes from another origin (CSRF) and accepts the frontend', async () => {
    const login = (await (await fetch(url('/api/v1/auth/dev/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'csrf@example.com', role: 'user' }) })).json()) as { refreshToken: string };
    const cookie = `ppm_refresh=${login.refreshToken}`;
    const evil = await fetch(url('/api/v1/auth/refresh'), { method: 'POST', headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' }, body: '' });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    const noOrigin = await fetch(url('/api/v1/auth/logout'), { method: 'POST', headers: { cookie } });
    expect(noOrigin.status).toBe(403);
    const ok = await fetch(url('/api/v1/auth/refresh'), { method: 'POST', headers: { cookie, origin: FRONTEND } });
    expect(ok.status).toBe(200);
  });

  it('sends security headers, also on public endpoints', async () => {
    const res = await fetch(url('/health'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
