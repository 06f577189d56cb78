import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SignJWT } from 'jose';
import { AccessTokens } from '../../src/auth/accessTokens';
import { assertEveryRouteDeclaresAccess, listRouteAccess, type RouteAccess } from '../../src/api/middleware/routeAccess';
import { type Role, ROLE_RANK } from '../../src/auth/role';
import { User } from '../../src/db/models/User';
import { startTestStack, type TestStack } from '../helpers/testStack';

/**
 * Every /api/v1 route (read from the app's own route list, so routes added later are covered) × every role
 * × no token / expired / tampered / malformed: 401 without a valid credential, 403 below the declared role,
 * and neither 401 nor 403 at or above it.
 */
const PUBLIC_ROUTES = ['GET /api/v1/auth/providers', 'GET /api/v1/auth/:provider/login', 'GET /api/v1/auth/:provider/callback', 'POST /api/v1/auth/refresh', 'POST /api/v1/auth/logout'];

describe('route × role table', () => {
  let stack: TestStack;
  let routes: RouteAccess[];
  const tokens: Record<Role, string> = { user: '', manager: '', admin: '' };
  const bad: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_USER: '100000', RATE_LIMIT_AUTH_PER_IP: '100000' } });
    routes = listRouteAccess(stack.app).filter((r) => r.path.startsWith('/api/v1/'));
    for (const role of ['user', 'manager', 'admin'] as const) tokens[role] = (await stack.authHeaders(role)).Authorization.slice('Bearer '.length);
    const [u] = await User.findOrCreate({ where: { email: 'table-admin@example.com' }, defaults: { email: 'table-admin@example.com', name: null, role: 'admin', provider: 'dev', providerSubject: null, lastLoginAt: null } });
    const key = new TextEncoder().encode(stack.config.JWT_SECRET);
    bad.expired = await new SignJWT({ sv: u.sessionVersion, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(String(u.id))
      .setIssuer('ppm-sync')
      .setAudience('ppm-sync-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const valid = await new AccessTokens(stack.config.JWT_SECRET, 60).issue(u);
    const [h, p, s] = valid.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    bad.tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: String(u.id + 1000) })).toString('base64url')}.${s}`;
    bad.wrongKey = await new AccessTokens('another-secret-that-is-long-enough-123456', 60).issue(u);
    bad.revokedService = 'ppm_st_thisTokenDoesNotExistAnywhere000000000000';
  });
  afterAll(async () => stack?.stop());

  const call = (r: RouteAccess, token?: string) => {
    const url = `${stack.baseUrl}${r.path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => (name === 'provider' ? 'google' : '999999'))}`;
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(r.method);
    return fetch(url, {
      method: r.method,
      redirect: 'manual',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body: hasBody ? '{}' : undefined,
    });
  };

  it('every route declares its access; the public ones are exactly the sign-in flow', () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !r.access)).toEqual([]);
    expect(routes.filter((r) => r.access?.kind === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('an undeclared route makes app creation fail', () => {
    const app = new OpenAPIHono();
    app.openapi(createRoute({ method: 'get', path: '/oops', responses: { 200: { description: 'x', content: { 'application/json': { schema: z.object({}) } } } } }), (c) => c.json({}, 200));
    expect(() => assertEveryRouteDeclaresAccess(app)).toThrow(/GET \/oops/);
  });

  it('answers 401 without a valid credential, 403 below the role, and lets the role through', async () => {
    const problems: string[] = [];
    for (const r of routes) {
      if (r.access?.kind !== 'role') continue;
      const min = r.access.minRole;
      const label = `${r.method} ${r.path}`;
      const none = await call(r);
      if (none.status !== 401) problems.push(`${label} no token → ${none.status}`);
      for (const [kind, t] of Object.entries(bad)) {
        const res = await call(r, t);
        if (res.status !== 401) problems.push(`${label} ${kind} token → ${res.status}`);
      }
      for (const role of ['user', 'manager', 'admin'] as const) {
        const res = await call(r, tokens[role]);
        const allowed = ROLE_RANK[role] >= ROLE_RANK[min];
        if (allowed && (res.status === 401 || res.status === 403)) problems.push(`${label} as ${role} → ${res.status} (should pass)`);
        if (!allowed && res.status !== 403) problems.push(`${label} as ${role} → ${res.status} (should be 403)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('401 and 403 use the error envelope and say why', async () => {
    const r = routes.find((x) => x.method === 'GET' && x.path === '/api/v1/users')!;
    const expired = await call(r, bad.expired);
    expect(await expired.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: 'Access token expired' } });
    const low = await call(r, tokens.user);
    expect(await low.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: 'This operation needs the admin role' } });
  });
});
