import { SignJWT, UnsecuredJWT } from 'jose';
import { ConfigError, loadConfig } from '../../src/config/env';
import { RefreshToken } from '../../src/db/models/RefreshToken';
import { startTestStack, type TestStack } from '../helpers/testStack';

type Session = { accessToken: string; refreshToken?: string; expiresIn: number; user: { id: number; role: string } };

/** Sessions: access tokens (jose), rotating refresh tokens with reuse detection, logout, service tokens. */
describe('sessions and tokens', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { DEV_LOGIN: 'true', ACCESS_TOKEN_TTL_SECONDS: '60' } });
  });
  afterAll(async () => stack?.stop());

  const api = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}/api/v1${path}`, init);
  const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const devLogin = async (email: string, role = 'user'): Promise<Session> => {
    const r = await api('/auth/dev/login', json({ email, role }));
    expect(r.status).toBe(200);
    return (await r.json()) as Session;
  };
  const refresh = (token: string) => api('/auth/refresh', json({ refreshToken: token }));
  const me = (accessToken: string) => api('/auth/me', { headers: bearer(accessToken) });

  it('the development sign-in is clearly marked, and impossible to enable in production', async () => {
    const p = (await (await api('/auth/providers')).json()) as { devLogin: { warning: string } };
    expect(p.devLogin.warning).toMatch(/DEVELOPMENT/);
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_LOGIN: 'true', DATABASE_URL: 'postgres://x/y', TEMPORAL_ADDRESS: 'h:1', ENCRYPTION_KEY: `k1:${Buffer.alloc(32).toString('base64')}`, JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /DEV_LOGIN: the development sign-in can never be enabled/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' })).toThrow(ConfigError);
  });

  it('rotates the refresh token on every use; reusing an old one revokes the whole family', async () => {
    const s0 = await devLogin('rot@example.com');
    const r1 = (await (await refresh(s0.refreshToken!)).json()) as Session;
    expect(r1.refreshToken).toMatch(/^ppm_rt_/);
    expect(r1.refreshToken).not.toBe(s0.refreshToken);
    const r2 = (await (await refresh(r1.refreshToken!)).json()) as Session;
    expect((await me(r2.accessToken)).status).toBe(200);

    const reuse = await refresh(s0.refreshToken!); // stolen, already used
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { error: { code: string } }).error.code).toBe('REFRESH_REJECTED');
    expect((await refresh(r2.refreshToken!)).status).toBe(401); // the legitimate newest one died with the family
    const rows = await RefreshToken.findAll({ where: { userId: s0.user.id } });
    expect(rows.every((r) => r.revokedAt && r.revokedReason === 'reuse_detected')).toBe(true);
    expect(rows.every((r) => !r.tokenHash.includes('ppm_rt_') && r.tokenHash.length === 64)).toBe(true);
  });

  it('logout revokes one family; logout everywhere ends every session and access token at once', async () => {
    const a = await devLogin('multi@example.com');
    const b = await devLogin('multi@example.com');
    expect((await api('/auth/logout', json({ refreshToken: a.refreshToken }))).status).toBe(204);
    expect((await refresh(a.refreshToken!)).status).toBe(401);
    const b2 = (await (await refresh(b.refreshToken!)).json()) as Session;
    expect((await api('/auth/logout-all', { method: 'POST', headers: bearer(b2.accessToken) })).status).toBe(204);
    expect((await me(b2.accessToken)).status).toBe(401);
    expect((await refresh(b2.refreshToken!)).status).toBe(401);
  });

  it("a deactivated user's access and refresh tokens stop working at once; a role change applies at once", async () => {
    const admin = await devLogin('admin-s@example.com', 'admin');
    const victim = await devLogin('leaver@example.com', 'manager');
    expect((await me(victim.accessToken)).status).toBe(200);
    const patch = (body: unknown) => api(`/users/${victim.user.id}`, { ...json(body, bearer(admin.accessToken)), method: 'PATCH' });
    expect((await patch({ active: false })).status).toBe(200);
    const denied = await me(victim.accessToken);
    expect(denied.status).toBe(401);
    expect((await refresh(victim.refreshToken!)).status).toBe(401);
    expect((await patch({ active: true, role: 'user' })).status).toBe(200);
    const again = await devLogin('leaver@example.com', 'user');
    expect(((await (await me(again.accessToken)).json()) as { role: string }).role).toBe('user');
    const self = await api(`/users/${admin.user.id}`, { ...json({ active: false }, bearer(admin.accessToken)), method: 'PATCH' });
    expect(self.status).toBe(409);
  });

  it('rejects forged access tokens: alg none, another algorithm, wrong issuer or audience, expired, tampered', async () => {
    const s = await devLogin('forge@example.com', 'admin');
    const key = new TextEncoder().encode(stack.config.JWT_SECRET);
    const claims = { sv: 1, role: 'admin' };
    const base = () => new SignJWT(claims).setSubject(String(s.user.id)).setIssuedAt().setExpirationTime('5m');
    const forged = [
      new UnsecuredJWT(claims).setSubject(String(s.user.id)).setIssuer('ppm-sync').setAudience('ppm-sync-api').setExpirationTime('5m').encode(),
      await base().setProtectedHeader({ alg: 'HS512', typ: 'at+jwt' }).setIssuer('ppm-sync').setAudience('ppm-sync-api').sign(key),
      await base().setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).setIssuer('someone-else').setAudience('ppm-sync-api').sign(key),
      await base().setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).setIssuer('ppm-sync').setAudience('other-api').sign(key),
      await base().setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('ppm-sync').setAudience('ppm-sync-api').sign(key),
      await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).setSubject(String(s.user.id)).setIssuer('ppm-sync').setAudience('ppm-sync-api').setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_900).sign(key),
      `${s.accessToken.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, sub: '1', iss: 'ppm-sync', aud: 'ppm-sync-api', exp: 9_999_999_999 })).toString('base64url')}.${s.accessToken.split('.')[2]}`,
    ];
    for (const t of forged) expect((await me(t)).status).toBe(401);
    expect((await me(s.accessToken)).status).toBe(200);
  });

  it('service tokens: an admin creates one (shown once), it works with its role, is listed by hint, and revocation stops it', async () => {
    const admin = await devLogin('tokens@example.com', 'admin');
    const created = await api('/service-tokens', json({ name: 'ci-reader', role: 'user', expiresInDays: 7 }, bearer(admin.accessToken)));
    expect(created.status).toBe(201);
    const t = (await created.json()) as { id: number; token: string; hint: string };
    expect(t.token).toMatch(/^ppm_st_/);
    expect((await me(t.token)).status).toBe(200);
    expect((await api('/service-tokens', { headers: bearer(t.token) })).status).toBe(403);
    const list = (await (await api('/service-tokens', { headers: bearer(admin.accessToken) })).json()) as { items: Record<string, unknown>[] };
    const mine = list.items.find((i) => i.id === t.id)!;
    expect(mine.hint).toBe(`${t.token.slice(0, 11)}…`);
    expect(JSON.stringify(list)).not.toContain(t.token);
    expect((await api(`/service-tokens/${t.id}`, { method: 'DELETE', headers: bearer(admin.accessToken) })).status).toBe(204);
    expect((await me(t.token)).status).toBe(401);
  });

  it('browser refresh with the cookie sets a rotated cookie and never puts the refresh token in the body', async () => {
    const s = await devLogin('cookie@example.com');
    const r = await api('/auth/refresh', { method: 'POST', headers: { cookie: `ppm_refresh=${s.refreshToken}`, origin: `${stack.baseUrl}` } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as Session;
    expect(body.refreshToken).toBeUndefined();
    const line = r.headers.getSetCookie().find((l) => l.startsWith('ppm_refresh='))!;
    expect(line).toMatch(/ppm_refresh=ppm_rt_/);
    expect(line).not.toContain(s.refreshToken!);
  });
});
