import { startTestStack, type TestStack } from '../helpers/testStack';

type Session = { accessToken: string; refreshToken?: string; user: { id: number } };

/** Low: concurrent refresh is not theft; real reuse also stops the access tokens already handed out. */
describe('refresh token reuse', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { DEV_LOGIN: 'true', REFRESH_REUSE_GRACE_SECONDS: '30' } });
  });
  afterAll(async () => stack?.stop());
  const post = (path: string, body: unknown) => fetch(`${stack.baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = async (email: string) => (await (await post('/auth/dev/login', { email })).json()) as Session;
  const refresh = (token: string) => post('/auth/refresh', { refreshToken: token });
  const me = (t: string) => fetch(`${stack.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${t}` } });

  it('refuses to log a user out when two tabs refresh with the same token at once (both get the same successor)', async () => {
    const s = await login('two-tabs@example.com');
    const [a, b] = await Promise.all([refresh(s.refreshToken!), refresh(s.refreshToken!)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as Session[];
    expect(ja.refreshToken).toBe(jb.refreshToken);
    const late = await refresh(s.refreshToken!); // a third tab, still within the grace window
    expect(late.status).toBe(200);
    expect(((await late.json()) as Session).refreshToken).toBe(ja.refreshToken);
    const next = await refresh(ja.refreshToken!);
    expect(next.status).toBe(200);
    expect((await me(((await next.json()) as Session).accessToken)).status).toBe(200);
  });

  it('refuses access tokens of a family whose refresh token was really reused (session version bumped)', async () => {
    const s0 = await login('stolen@example.com');
    const r1 = (await (await refresh(s0.refreshToken!)).json()) as Session;
    const r2 = (await (await refresh(r1.refreshToken!)).json()) as Session; // r1's successor is used: s0 is past grace
    expect((await me(r2.accessToken)).status).toBe(200);
    const reuse = await refresh(s0.refreshToken!);
    expect(reuse.status).toBe(401);
    expect((await me(r2.accessToken)).status).toBe(401);
    expect((await refresh(r2.refreshToken!)).status).toBe(401);
  });
});
