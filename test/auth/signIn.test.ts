import { User } from '../../src/db/models/User';
import { browserSignIn, FRONTEND_URL, refreshWithCookie, startAuthTestStack, TENANT_A, TENANT_OTHER, type AuthTestStack } from './helpers/authTestStack';
import { setCookieLine } from './helpers/cookies';

/** Sign-in end to end: the real API + arctic + jose against the OIDC simulators standing in for Google and Entra. */
describe('sign-in with Google Workspace and Microsoft Entra ID', () => {
  let t: AuthTestStack;
  beforeAll(async () => {
    t = await startAuthTestStack();
    t.google.addAccount({ loginHint: 'boss@example.com', sub: 'g-boss', email: 'boss@example.com', name: 'Boss', claims: { email_verified: true, hd: 'example.com' } });
    t.google.addAccount({ loginHint: 'ann@example.com', sub: 'g-ann', email: 'ann@example.com', name: 'Ann', claims: { email_verified: true, hd: 'example.com' } });
    t.google.addAccount({ loginHint: 'eve@evil.example', sub: 'g-eve', email: 'eve@evil.example', claims: { email_verified: true, hd: 'evil.example' } });
    t.google.addAccount({ loginHint: 'gmail', sub: 'g-personal', email: 'someone@gmail.com', claims: { email_verified: true } });
    t.google.addAccount({ loginHint: 'unverified@example.com', sub: 'g-unv', email: 'unverified@example.com', claims: { email_verified: false, hd: 'example.com' } });
    t.microsoft.addAccount({ loginHint: 'mia', sub: 'ms-mia', email: 'mia@contoso.example', name: 'Mia', claims: { tid: TENANT_A, xms_edov: true } });
    t.microsoft.addAccount({ loginHint: 'outsider', sub: 'ms-out', email: 'out@fabrikam.example', claims: { tid: TENANT_OTHER, xms_edov: true } });
    t.microsoft.addAccount({ loginHint: 'noedov', sub: 'ms-noedov', email: 'ceo@example.com', claims: { tid: TENANT_A } });
  });
  afterAll(async () => t?.stop());

  const signedInUser = async (refreshCookie: string) => {
    const r = await refreshWithCookie(t, refreshCookie);
    expect(r.status).toBe(200);
    const session = (await r.json()) as { accessToken: string; user: { email: string; role: string } };
    const me = await t.api('/api/v1/auth/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.status).toBe(200);
    return { session, me: (await me.json()) as { kind: string; email: string; role: string } };
  };

  it('Google: redirects with state, PKCE and nonce in a short-lived signed httpOnly Lax cookie', async () => {
    const login = await t.api('/api/v1/auth/google/login', { redirect: 'manual' });
    expect(login.status).toBe(302);
    const to = new URL(login.headers.get('location')!);
    expect(to.origin + to.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    for (const p of ['state', 'code_challenge', 'nonce', 'client_id', 'redirect_uri']) expect(to.searchParams.get(p)).toBeTruthy();
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    const cookie = setCookieLine(login, 'ppm_oauth_flow')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  it('Google: first sign-in creates the user with the role from ADMIN_EMAILS; the refresh cookie is httpOnly Secure', async () => {
    const r = await browserSignIn(t, 'google', 'boss@example.com');
    expect(r.landing.toString()).toBe(`${FRONTEND_URL}/auth/callback?status=ok`);
    expect(r.cookies.ppm_refresh).toMatch(/^ppm_rt_/);
    expect(r.refreshCookieLine).toMatch(/HttpOnly/i);
    expect(r.refreshCookieLine).toMatch(/Secure/i);
    expect(r.refreshCookieLine).toMatch(/SameSite=Strict/i);
    expect(r.refreshCookieLine).toMatch(/Path=\/api\/v1\/auth/);
    const { me } = await signedInUser(r.cookies.ppm_refresh);
    expect(me).toMatchObject({ kind: 'user', email: 'boss@example.com', role: 'admin' });
    const u = await User.findOne({ where: { email: 'boss@example.com' } });
    expect(u).toMatchObject({ provider: 'google', providerSubject: 'g-boss', name: 'Boss' });
    expect(u!.lastLoginAt).toBeInstanceOf(Date);
  });

  it('Google: later sign-ins update profile and last login but keep a role an admin changed', async () => {
    await browserSignIn(t, 'google', 'ann@example.com');
    const ann = await User.findOne({ where: { email: 'ann@example.com' } });
    expect(ann!.role).toBe('user');
    await ann!.update({ role: 'manager' });
    const before = ann!.lastLoginAt!.getTime();
    t.google.addAccount({ loginHint: 'ann@example.com', sub: 'g-ann', email: 'ann@example.com', name: 'Ann Nowak', claims: { email_verified: true, hd: 'example.com' } });
    const r = await browserSignIn(t, 'google', 'ann@example.com');
    const { me } = await signedInUser(r.cookies.ppm_refresh);
    expect(me.role).toBe('manager');
    await ann!.reload();
    expect(ann!.name).toBe('Ann Nowak');
    expect(ann!.lastLoginAt!.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('Microsoft: signs in an allow-listed tenant with a verified email (role from MANAGER_EMAILS)', async () => {
    const login = await t.api('/api/v1/auth/microsoft/login', { redirect: 'manual' });
    expect(login.headers.get('location')).toMatch(/^https:\/\/login\.microsoftonline\.com\/organizations\/oauth2\/v2\.0\/authorize\?/);
    const r = await browserSignIn(t, 'microsoft', 'mia');
    expect(r.landing.searchParams.get('status')).toBe('ok');
    const { me } = await signedInUser(r.cookies.ppm_refresh);
    expect(me).toMatchObject({ email: 'mia@contoso.example', role: 'manager' });
  });

  it.each([
    ['google', 'eve@evil.example', 'domain_not_allowed'],
    ['google', 'gmail', 'domain_not_allowed'],
    ['google', 'unverified@example.com', 'email_unverified'],
    ['microsoft', 'outsider', 'tenant_not_allowed'],
    ['microsoft', 'noedov', 'email_unverified'],
  ] as const)('%s refuses %s with %s, redirecting to the frontend without a session', async (provider, hint, code) => {
    const r = await browserSignIn(t, provider, hint);
    expect(r.landing.toString()).toBe(`${FRONTEND_URL}/auth/callback?error=${code}`);
    expect(r.cookies.ppm_refresh).toBeUndefined();
  });

  it('refuses a bad state, a missing or forged flow cookie, and a provider error', async () => {
    const badState = await browserSignIn(t, 'google', 'ann@example.com', { callbackUrl: (u) => u.searchParams.set('state', 'attacker-state') });
    expect(badState.landing.searchParams.get('error')).toBe('state_mismatch');
    const noCookie = await browserSignIn(t, 'google', 'ann@example.com', { flowCookie: () => '' });
    expect(noCookie.landing.searchParams.get('error')).toBe('flow_missing');
    const forged = await browserSignIn(t, 'google', 'ann@example.com', { flowCookie: (v) => v.replace(/.\./, (m) => (m[0] === 'A' ? 'B' : 'A') + '.') });
    expect(forged.landing.searchParams.get('error')).toBe('flow_missing');
    const crossProvider = await t.api('/api/v1/auth/microsoft/callback?error=access_denied&state=x', { redirect: 'manual' });
    expect(new URL(crossProvider.headers.get('location')!).searchParams.get('error')).toBe('provider_denied');
  });

  it('refuses a replayed authorization code (the provider answers invalid_grant)', async () => {
    const first = await browserSignIn(t, 'google', 'ann@example.com');
    expect(first.landing.searchParams.get('status')).toBe('ok');
    const replay = await fetch(first.callbackUrl, { redirect: 'manual', headers: { cookie: `ppm_oauth_flow=${first.flowCookie}` } });
    expect(replay.status).toBe(302);
    expect(new URL(replay.headers.get('location')!).searchParams.get('error')).toBe('code_rejected');
    expect(replay.headers.getSetCookie().some((l) => l.startsWith('ppm_refresh=ppm_rt_'))).toBe(false);
  });

  it('refuses a deactivated user; lists the configured providers (no development sign-in)', async () => {
    await User.update({ active: false }, { where: { email: 'ann@example.com' } });
    const r = await browserSignIn(t, 'google', 'ann@example.com');
    expect(r.landing.searchParams.get('error')).toBe('user_deactivated');
    await User.update({ active: true }, { where: { email: 'ann@example.com' } });
    const providers = (await (await t.api('/api/v1/auth/providers')).json()) as { providers: { id: string }[]; devLogin: unknown };
    expect(providers.providers.map((p) => p.id).sort()).toEqual(['google', 'microsoft']);
    expect(providers.devLogin).toBeNull();
  });
});
