import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import type { Context } from 'hono';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { AuthServices } from '../../auth/authServices';
import { decodeFlowState, encodeFlowState, FLOW_TTL_SECONDS, newFlowState, sameState } from '../../auth/oidc/flowState';
import { SignInRefusal } from '../../auth/oidc/signInRefusal';
import { startSession } from '../../auth/sessions';
import { upsertSignedInUser } from '../../auth/signedInUser';
import { User } from '../../db/models/User';
import { logger } from '../../logging/logger';
import { ApiError } from '../apiError';
import { ROLES } from '../../auth/role';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { loopbackCallerOnly } from '../middleware/loopbackCaller';
import { publicRoute, requireRole } from '../middleware/requireRole';

/** Cookie names and path; the refresh cookie is sent only to /api/v1/auth. */
export const REFRESH_COOKIE = 'ppm_refresh';
export const FLOW_COOKIE = 'ppm_oauth_flow';
const AUTH_PATH = '/api/v1/auth';

const ProviderParam = z.object({ provider: z.enum(['google', 'microsoft']) });
const UserSchema = z.object({ id: z.number(), email: z.string(), name: z.string().nullable(), role: z.enum(ROLES) }).openapi('SessionUser');
const SessionSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().openapi({ description: 'access token lifetime in seconds' }),
    refreshToken: z.string().optional().openapi({ description: 'only for API clients that sent the refresh token in the body (browsers get a cookie)' }),
    user: UserSchema,
  })
  .openapi('Session');
const RefreshBody = z.object({ refreshToken: z.string().min(1).max(200).optional() }).strict();

function userView(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

const providersRoute = apiRoute({
  method: 'get',
  path: '/providers',
  tags: ['auth'],
  summary: 'The sign-in options this server offers',
  middleware: [publicRoute()] as const,
  responses: {
    200: {
      description: 'providers',
      content: {
        'application/json': {
          schema: z.object({
            providers: z.array(z.object({ id: ProviderParam.shape.provider, loginUrl: z.string() })),
            devLogin: z.object({ url: z.string(), warning: z.string() }).nullable(),
          }),
        },
      },
    },
  },
});

const loginRoute = apiRoute({
  method: 'get',
  path: '/{provider}/login',
  tags: ['auth'],
  summary: 'Redirects to the provider (state + PKCE + nonce kept in a short-lived signed cookie)',
  middleware: [publicRoute()] as const,
  request: { params: ProviderParam },
  responses: { 302: { description: 'to the provider' }, 404: errorResponse('provider not configured') },
});

const callbackRoute = apiRoute({
  method: 'get',
  path: '/{provider}/callback',
  tags: ['auth'],
  summary: 'The provider returns here; redirects to the frontend with a session cookie or an error code',
  middleware: [publicRoute()] as const,
  request: {
    params: ProviderParam,
    // loose: providers add their own parameters (scope, authuser, session_state, iss, ...)
    query: z.looseObject({ code: z.string().max(4096).optional(), state: z.string().max(512).optional(), error: z.string().max(256).optional() }),
  },
  responses: { 302: { description: 'to FRONTEND_URL/auth/callback?status=ok or ?error=<code>' } },
});

const refreshRoute = apiRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  summary: 'Rotates the refresh token (cookie or body) and returns a new access token; reuse revokes the session family',
  middleware: [publicRoute()] as const,
  request: { body: { content: { 'application/json': { schema: RefreshBody } }, required: false } },
  responses: { 200: { description: 'new session', content: { 'application/json': { schema: SessionSchema } } }, 401: errorResponse('refresh refused') },
});

const logoutRoute = apiRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Ends this session: revokes the refresh token family (cookie or body)',
  middleware: [publicRoute()] as const,
  request: { body: { content: { 'application/json': { schema: RefreshBody } }, required: false } },
  responses: { 204: { description: 'logged out' } },
});

const logoutAllRoute = apiRoute({
  method: 'post',
  path: '/logout-all',
  tags: ['auth'],
  summary: "Log out everywhere: revokes all of the caller's sessions; access tokens stop at once",
  middleware: [requireRole('user')] as const,
  responses: { 204: { description: 'all sessions ended' }, 409: errorResponse('a service token has no sessions (revoke the token instead)') },
});

const meRoute = apiRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The authenticated caller',
  middleware: [requireRole('user')] as const,
  responses: {
    200: {
      description: 'caller',
      content: {
        'application/json': {
          schema: z.object({ kind: z.enum(['user', 'service']), id: z.number(), email: z.string().optional(), name: z.string().optional(), role: z.enum(ROLES) }),
        },
      },
    },
  },
});

const devLoginRoute = apiRoute({
  method: 'post',
  path: '/dev/login',
  tags: ['auth'],
  summary:
    'DEVELOPMENT SIGN-IN (never in production; loopback callers only): any email; a new user gets `role` (default: from ADMIN_EMAILS/MANAGER_EMAILS, else user); an existing user keeps their role',
  middleware: [publicRoute(), loopbackCallerOnly()] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({ email: z.string().max(255).regex(/^[^@\s]+@[^@\s]+$/, 'expected an email address'), name: z.string().max(200).optional(), role: z.enum(ROLES).optional() }).strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: 'session', content: { 'application/json': { schema: SessionSchema } } },
    403: errorResponse('not a loopback caller, or the user is deactivated'),
    409: errorResponse('the user exists with another role (roles change only through PATCH /users/{id})'),
  },
});

/**
 * Sign-in (Google Workspace, Microsoft Entra ID via arctic; development sign-in when DEV_LOGIN), session
 * refresh with rotation, logout, logout everywhere, and "who am I".
 * Browser flow: GET /{provider}/login → provider → GET /{provider}/callback → redirect to
 * FRONTEND_URL/auth/callback?status=ok (refresh cookie set) or ?error=<code>; then POST /refresh → access token.
 */
export function authRoutes(auth: AuthServices) {
  const app = new OpenAPIHono<AppEnv>();
  const secure = true;

  const setRefreshCookie = (c: Context<AppEnv>, token: string) =>
    setCookie(c, REFRESH_COOKIE, token, { httpOnly: true, secure, sameSite: 'Strict', path: AUTH_PATH, maxAge: auth.refreshTtlSeconds });
  const clearRefreshCookie = (c: Context<AppEnv>) => deleteCookie(c, REFRESH_COOKIE, { path: AUTH_PATH, secure, httpOnly: true, sameSite: 'Strict' });
  const frontend = (query: string) => `${auth.frontendUrl}/auth/callback?${query}`;
  /** The refresh token a JSON body carries (API clients), if any; browsers send the cookie. */
  const refreshTokenInBody = (c: Context<AppEnv>, body: () => z.infer<typeof RefreshBody> | undefined) =>
    (c.req.header('content-type')?.includes('json') ? body() : {})?.refreshToken;

  app.openapi(providersRoute, (c) =>
    c.json(
      {
        providers: [...auth.providers.keys()].map((id) => ({ id: id as z.infer<typeof ProviderParam>['provider'], loginUrl: `${AUTH_PATH}/${id}/login` })),
        devLogin: auth.devLogin ? { url: `${AUTH_PATH}/dev/login`, warning: 'DEVELOPMENT SIGN-IN: anyone can sign in with any role. Never in production.' } : null,
      },
      200,
    ),
  );

  app.openapi(loginRoute, async (c) => {
    const { provider } = c.req.valid('param');
    const p = auth.providers.get(provider);
    if (!p) throw new ApiError(404, 'PROVIDER_NOT_CONFIGURED', `Sign-in with ${provider} is not configured`);
    const flow = newFlowState(provider);
    await setSignedCookie(c, FLOW_COOKIE, encodeFlowState(flow), auth.flowCookieSecret, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: AUTH_PATH,
      maxAge: FLOW_TTL_SECONDS,
    });
    return c.redirect(p.authorizationUrl(flow.state, flow.codeVerifier, flow.nonce).toString(), 302);
  });

  app.openapi(callbackRoute, async (c) => {
    const { provider } = c.req.valid('param');
    const q = c.req.valid('query');
    const raw = await getSignedCookie(c, auth.flowCookieSecret, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: AUTH_PATH, secure, httpOnly: true, sameSite: 'Lax' });
    try {
      const p = auth.providers.get(provider);
      if (!p) throw new SignInRefusal('provider_not_configured');
      if (q.error) throw new SignInRefusal('provider_denied', q.error);
      const flow = typeof raw === 'string' ? decodeFlowState(raw) : null;
      if (!flow) throw new SignInRefusal('flow_missing');
      if (flow.provider !== provider || !q.state || !sameState(q.state, flow.state) || !q.code) throw new SignInRefusal('state_mismatch');
      const identity = await p.identify(q.code, flow.codeVerifier, flow.nonce);
      const user = await upsertSignedInUser(auth.sequelize, identity, auth.roleLists);
      if (!user.active) throw new SignInRefusal('user_deactivated');
      const session = await startSession(user, auth.accessTokens, auth.refreshTokens);
      setRefreshCookie(c, session.refreshToken);
      logger.info('signed in', { userId: user.id, provider });
      return c.redirect(frontend('status=ok'), 302);
    } catch (e) {
      if (!(e instanceof SignInRefusal)) throw e;
      logger.warn('sign-in refused', { provider, reason: e.code, requestId: c.get('requestId') });
      return c.redirect(frontend(`error=${encodeURIComponent(e.code)}`), 302);
    }
  });

  app.openapi(refreshRoute, async (c) => {
    const fromBody = refreshTokenInBody(c, () => c.req.valid('json'));
    const token = fromBody ?? getCookie(c, REFRESH_COOKIE);
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', 'No refresh token');
    const r = await auth.refreshTokens.rotate(token);
    if (!r.ok) {
      if (!fromBody) clearRefreshCookie(c);
      throw new ApiError(401, 'REFRESH_REJECTED', `Refresh token ${r.reason}; sign in again`);
    }
    const user = await User.findByPk(r.userId);
    if (!user || !user.active) {
      await auth.refreshTokens.revokeFamily(r.familyId, 'user_deactivated');
      if (!fromBody) clearRefreshCookie(c);
      throw new ApiError(401, 'UNAUTHENTICATED', 'User is deactivated');
    }
    if (!fromBody) setRefreshCookie(c, r.token);
    const accessToken = await auth.accessTokens.issue(user);
    return c.json(
      { accessToken, tokenType: 'Bearer' as const, expiresIn: auth.accessTokens.ttlSeconds, ...(fromBody ? { refreshToken: r.token } : {}), user: userView(user) },
      200,
    );
  });

  app.openapi(logoutRoute, async (c) => {
    const fromBody = refreshTokenInBody(c, () => c.req.valid('json'));
    const token = fromBody ?? getCookie(c, REFRESH_COOKIE);
    if (token) await auth.refreshTokens.revokeFamilyOf(token);
    clearRefreshCookie(c);
    return c.body(null, 204);
  });

  app.openapi(logoutAllRoute, async (c) => {
    const principal = c.get('principal')!;
    if (principal.kind !== 'user') throw new ApiError(409, 'NOT_A_USER', 'Service tokens have no sessions; revoke the token instead');
    await User.increment('sessionVersion', { by: 1, where: { id: principal.id } });
    await auth.refreshTokens.revokeAllForUser(principal.id, 'logout_all');
    clearRefreshCookie(c);
    return c.body(null, 204);
  });

  app.openapi(meRoute, (c) => c.json(c.get('principal')!, 200));

  if (auth.devLogin) {
    app.openapi(devLoginRoute, async (c) => {
      const body = c.req.valid('json');
      const user = await upsertSignedInUser(auth.sequelize, { provider: 'dev', subject: body.email.toLowerCase(), email: body.email, name: body.name ?? null }, auth.roleLists, body.role);
      if (!user.active) throw new ApiError(403, 'USER_DEACTIVATED', 'User is deactivated');
      if (body.role && body.role !== user.role) {
        throw new ApiError(409, 'ROLE_NOT_CHANGED', `${user.email} already exists with role ${user.role}; roles change only through PATCH /api/v1/users/{id}`);
      }
      const s = await startSession(user, auth.accessTokens, auth.refreshTokens);
      setRefreshCookie(c, s.refreshToken);
      logger.warn('DEVELOPMENT sign-in used', { userId: user.id, role: user.role });
      return c.json({ accessToken: s.accessToken, tokenType: s.tokenType, expiresIn: s.expiresIn, refreshToken: s.refreshToken, user: userView(user) }, 200);
    });
  }
  return app;
}
