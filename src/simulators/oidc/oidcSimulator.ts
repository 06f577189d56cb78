import crypto from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { CodeStore } from './codeStore';
import type { SimAccount, SimClient } from './simAccount';
import { newSigningKey } from './signingKey';

/**
 * A local OpenID Connect provider standing in for Google or Microsoft Entra ID: authorize (picks the account
 * by `login_hint`, redirects back with a single-use code), token (client authentication, PKCE S256, code
 * replay refused with `invalid_grant`) and JWKS, with real RS256-signed ID tokens in each provider's shape and
 * at each provider's paths, so a client pointed at it (by rewriting the provider hosts) runs unchanged.
 *
 * Google:    GET /o/oauth2/v2/auth · POST /token · GET /oauth2/v3/certs   (hosts accounts.google.com,
 *            oauth2.googleapis.com, www.googleapis.com)
 * Microsoft: GET /{tenant}/oauth2/v2.0/authorize · POST /{tenant}/oauth2/v2.0/token ·
 *            GET /{tenant}/discovery/v2.0/keys   (host login.microsoftonline.com)
 */
export type OidcFlavor = 'google' | 'microsoft';

export interface OidcSimulatorOptions {
  flavor: OidcFlavor;
  clients: SimClient[];
  accounts?: SimAccount[];
  port?: number;
  idTokenTtlSeconds?: number;
}

export interface OidcSimulator {
  baseUrl: string;
  flavor: OidcFlavor;
  addAccount(a: SimAccount): void;
  /** Requests to the token endpoint so far (tests assert the client authenticated and used PKCE). */
  tokenRequests: number;
  close(): Promise<void>;
}

function oauthError(c: Context, status: 400 | 401, error: string, description: string) {
  return c.json({ error, error_description: description }, status);
}

function clientCredentials(c: Context, form: Record<string, string>): { id?: string; secret?: string } {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  return { id: form.client_id, secret: form.client_secret };
}

export async function startOidcSimulator(o: OidcSimulatorOptions): Promise<OidcSimulator> {
  const key = await newSigningKey();
  const codes = new CodeStore();
  const accounts = new Map((o.accounts ?? []).map((a) => [a.loginHint.toLowerCase(), a]));
  const clients = new Map(o.clients.map((cl) => [cl.clientId, cl]));
  const ttl = o.idTokenTtlSeconds ?? 3600;
  const sim: OidcSimulator = { baseUrl: '', flavor: o.flavor, addAccount: (a) => accounts.set(a.loginHint.toLowerCase(), a), tokenRequests: 0, close: async () => {} };
  const app = new Hono();

  const authorize = (c: Context, tenant: string | undefined) => {
    const q = c.req.query();
    const client = clients.get(q.client_id ?? '');
    if (!client) return c.text('unknown client_id', 400);
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) return c.text('redirect_uri_mismatch', 400);
    const back = new URL(q.redirect_uri);
    const fail = (error: string) => {
      back.searchParams.set('error', error);
      if (q.state) back.searchParams.set('state', q.state);
      return c.redirect(back.toString(), 302);
    };
    if (q.response_type !== 'code') return fail('unsupported_response_type');
    if (!q.code_challenge || q.code_challenge_method !== 'S256') return fail('invalid_request');
    if (!(q.scope ?? '').split(' ').includes('openid')) return fail('invalid_scope');
    const account = accounts.get((q.login_hint ?? '').toLowerCase());
    if (!account) return fail('access_denied');
    const code = codes.issue({ clientId: client.clientId, redirectUri: q.redirect_uri, codeChallenge: q.code_challenge, nonce: q.nonce, tenant, account });
    back.searchParams.set('code', code);
    if (q.state) back.searchParams.set('state', q.state);
    return c.redirect(back.toString(), 302);
  };

  const token = async (c: Context, tenant: string | undefined) => {
    sim.tokenRequests++;
    const form = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
    const cred = clientCredentials(c, form);
    const client = clients.get(cred.id ?? '');
    if (!client || !cred.secret || cred.secret.length !== client.clientSecret.length || !crypto.timingSafeEqual(Buffer.from(cred.secret), Buffer.from(client.clientSecret))) {
      return oauthError(c, 401, 'invalid_client', 'client authentication failed');
    }
    if (form.grant_type !== 'authorization_code') return oauthError(c, 400, 'unsupported_grant_type', 'only authorization_code');
    const entry = codes.redeem(form.code ?? '');
    if (!entry || entry.wasUsed || entry.expiresAt < Date.now()) return oauthError(c, 400, 'invalid_grant', 'code is invalid, expired or already used');
    if (entry.clientId !== client.clientId || entry.redirectUri !== form.redirect_uri || entry.tenant !== tenant) {
      return oauthError(c, 400, 'invalid_grant', 'code was issued to another client or redirect_uri');
    }
    const challenge = crypto.createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
    if (challenge !== entry.codeChallenge) return oauthError(c, 400, 'invalid_grant', 'PKCE verification failed');
    const a = entry.account;
    const common = { aud: client.clientId, sub: a.sub, ...(a.email === undefined ? {} : { email: a.email }), ...(a.name ? { name: a.name } : {}), ...(entry.nonce ? { nonce: entry.nonce } : {}) };
    const claims =
      o.flavor === 'google'
        ? { iss: 'https://accounts.google.com', azp: client.clientId, ...common, ...a.claims }
        : (() => {
            const tid = String(a.claims?.tid ?? tenant);
            return { iss: `https://login.microsoftonline.com/${tid}/v2.0`, ver: '2.0', tid, oid: a.sub, ...common, ...a.claims };
          })();
    const idToken = await key.sign(claims, ttl);
    return c.json({ access_token: crypto.randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 3599, scope: 'openid email profile', id_token: idToken });
  };

  if (o.flavor === 'google') {
    app.get('/o/oauth2/v2/auth', (c) => authorize(c, undefined));
    app.post('/token', (c) => token(c, undefined));
    app.get('/oauth2/v3/certs', (c) => c.json(key.jwks));
  } else {
    app.get('/:tenant/oauth2/v2.0/authorize', (c) => authorize(c, c.req.param('tenant')));
    app.post('/:tenant/oauth2/v2.0/token', (c) => token(c, c.req.param('tenant')));
    app.get('/:tenant/discovery/v2.0/keys', (c) => c.json(key.jwks));
  }

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: o.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address();
  sim.baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  sim.close = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  return sim;
}
