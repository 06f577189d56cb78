import { startOidcSimulator, type OidcSimulator } from '../../../src/simulators/oidc/oidcSimulator';
import { startTestStack, type TestStack } from '../../helpers/testStack';
import { cookieHeader, setCookieLine, setCookies } from './cookies';
import { type HostRouting, routeHosts } from './hostRouting';

export const PUBLIC_HOST = 'ppm.test';
export const PUBLIC_URL = `http://${PUBLIC_HOST}`;
export const FRONTEND_URL = 'http://frontend.test';
export const GOOGLE = { clientId: 'google-client-1.apps.googleusercontent.com', clientSecret: 'GOCSPX-google-secret-AbCdEf123456' };
export const ENTRA = { clientId: '6f1c2c1e-0000-4000-8000-00000000e17a', clientSecret: 'entra~secret~ZyXw98765432', tenant: 'organizations' };
export const TENANT_A = '11111111-2222-4333-8444-555555555555';
export const TENANT_OTHER = '99999999-8888-4777-8666-555555555555';

export interface AuthTestStack {
  stack: TestStack;
  google: OidcSimulator;
  microsoft: OidcSimulator;
  routing: HostRouting;
  /** Fetch against the API by path. */
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real API (no worker) configured for both providers, their simulators, and this process's outgoing
 * requests to the provider hosts (and to PUBLIC_URL) routed locally.
 */
export async function startAuthTestStack(env: Record<string, string> = {}): Promise<AuthTestStack> {
  const redirect = (p: string) => `${PUBLIC_URL}/api/v1/auth/${p}/callback`;
  const google = await startOidcSimulator({ flavor: 'google', clients: [{ ...GOOGLE, redirectUris: [redirect('google')] }] });
  const microsoft = await startOidcSimulator({ flavor: 'microsoft', clients: [{ ...ENTRA, redirectUris: [redirect('microsoft')] }] });
  const routing = routeHosts({
    'accounts.google.com': google.baseUrl,
    'oauth2.googleapis.com': google.baseUrl,
    'www.googleapis.com': google.baseUrl,
    'login.microsoftonline.com': microsoft.baseUrl,
  });
  const stack = await startTestStack({
    worker: false,
    env: {
      PUBLIC_URL,
      FRONTEND_URL,
      GOOGLE_CLIENT_ID: GOOGLE.clientId,
      GOOGLE_CLIENT_SECRET: GOOGLE.clientSecret,
      ALLOWED_GOOGLE_DOMAINS: 'example.com',
      ENTRA_CLIENT_ID: ENTRA.clientId,
      ENTRA_CLIENT_SECRET: ENTRA.clientSecret,
      ENTRA_TENANT: ENTRA.tenant,
      ALLOWED_ENTRA_TENANTS: TENANT_A,
      ADMIN_EMAILS: 'boss@example.com',
      MANAGER_EMAILS: 'mia@contoso.example',
      ...env,
    },
  });
  routing.routes.set(PUBLIC_HOST, stack.baseUrl);
  return {
    stack,
    google,
    microsoft,
    routing,
    api: (path, init) => fetch(`${stack.baseUrl}${path}`, init),
    async stop() {
      routing.restore();
      await stack.stop();
      await google.close();
      await microsoft.close();
    },
  };
}

export interface BrowserSignIn {
  /** Where the API finally sent the browser (FRONTEND_URL/auth/callback?...). */
  landing: URL;
  /** Cookies the API set on the final response. */
  cookies: Record<string, string>;
  /** The provider's redirect back to our callback (to replay it). */
  callbackUrl: string;
  flowCookie: string;
  /** The raw Set-Cookie line of the refresh cookie, if any. */
  refreshCookieLine?: string;
}

/**
 * Plays the browser: our /login → provider authorize (choosing `loginHint`) → our /callback. `tamper` may
 * change the callback URL or the flow cookie before they reach the API.
 */
export async function browserSignIn(
  t: AuthTestStack,
  provider: 'google' | 'microsoft',
  loginHint: string,
  tamper: { callbackUrl?: (u: URL) => void; flowCookie?: (v: string) => string } = {},
): Promise<BrowserSignIn> {
  const login = await t.api(`/api/v1/auth/${provider}/login`, { redirect: 'manual' });
  expect(login.status).toBe(302);
  const flowCookie = setCookies(login).ppm_oauth_flow;
  expect(flowCookie).toBeTruthy();
  const authorize = new URL(login.headers.get('location')!);
  authorize.searchParams.set('login_hint', loginHint);
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const callback = new URL(atProvider.headers.get('location')!);
  tamper.callbackUrl?.(callback);
  const cookie = tamper.flowCookie ? tamper.flowCookie(flowCookie) : flowCookie;
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: cookieHeader({ ppm_oauth_flow: cookie }) } });
  expect(back.status).toBe(302);
  return {
    landing: new URL(back.headers.get('location')!),
    cookies: setCookies(back),
    callbackUrl: callback.toString(),
    flowCookie,
    refreshCookieLine: setCookieLine(back, 'ppm_refresh'),
  };
}

/** Exchanges the refresh cookie for an access token, as the frontend does after landing. */
export async function refreshWithCookie(t: AuthTestStack, refreshCookie: string): Promise<Response> {
  return t.api('/api/v1/auth/refresh', { method: 'POST', headers: { cookie: `ppm_refresh=${refreshCookie}`, origin: FRONTEND_URL } });
}
