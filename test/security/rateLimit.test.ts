import { Hono } from 'hono';
import { rateLimit } from '../../src/api/middleware/rateLimit';
import type { AppEnv } from '../../src/api/appEnv';
import { loadConfig } from '../../src/config/env';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** Medium 6: per-address budgets keyed by the address your own proxy saw, IPv6 by /64, with bounded memory. */
describe('per-address rate limits behind a trusted proxy', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { TRUST_PROXY_HOPS: '1', RATE_LIMIT_AUTH_PER_IP: '3', RATE_LIMIT_PER_IP: '1000' } });
  });
  afterAll(async () => stack?.stop());
  const providers = (forwardedFor: string) => fetch(`${stack.baseUrl}/api/v1/auth/providers`, { headers: { 'x-forwarded-for': forwardedFor } });
  const statuses = async (forwardedFor: (i: number) => string, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await providers(forwardedFor(i))).status);
    return out;
  };

  it('refuses to let a client pick its budget by prepending X-Forwarded-For entries', async () => {
    // The client sends "198.51.100.<i>"; our one proxy appends the address it saw (203.0.113.9).
    expect(await statuses((i) => `198.51.100.${i}, 203.0.113.9`, 5)).toEqual([200, 200, 200, 429, 429]);
  });

  it('refuses to give each address of one IPv6 /64 its own budget', async () => {
    expect(await statuses((i) => `2001:db8:aa:bb::${(i + 1).toString(16)}`, 5)).toEqual([200, 200, 200, 429, 429]);
    expect((await providers('2001:db8:aa:bc::1')).status).toBe(200); // the next /64 is someone else
  });

  it('does not share one budget between different clients behind the same proxy', async () => {
    expect(await statuses((i) => `192.0.2.${100 + i}`, 4)).toEqual([200, 200, 200, 200]);
  });

  it('refuses the old TRUST_PROXY setting, which trusted the client-controlled first entry', () => {
    expect(() => loadConfig({ ...process.env, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: replaced by TRUST_PROXY_HOPS/);
  });

  it('refuses to grow beyond its key bound (memory stays bounded under many addresses)', async () => {
    const limiter = rateLimit({ name: 'test', limit: 5, windowSeconds: 60, maxKeys: 100, keyOf: (c) => c.req.header('x-key') ?? null });
    const app = new Hono<AppEnv>().use('*', limiter).get('/', (c) => c.text('ok'));
    for (let i = 0; i < 1000; i++) expect((await app.request('/', { headers: { 'x-key': `k${i}` } })).status).toBe(200);
    expect(limiter.trackedKeys()).toBeLessThanOrEqual(100);
  });
});
