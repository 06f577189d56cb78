import type { MiddlewareHandler } from 'hono';
import type { AccessTokens } from '../../auth/accessTokens';
import { resolveBearer } from '../../auth/principal';
import type { AppEnv } from '../appEnv';

/**
 * Runs for all of /api/v1: a `Authorization: Bearer` access token or service token becomes `principal`.
 * It never answers by itself: a missing or bad credential leaves `principal` unset (with `authProblem`),
 * and the route's requireRole() answers 401. Public routes (sign-in flow) ignore it.
 */
export function authenticate(accessTokens: AccessTokens): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const m = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
      if (!m) c.set('authProblem', 'Malformed Authorization header (expected "Bearer <token>")');
      else {
        const r = await resolveBearer(m[1], accessTokens);
        if ('principal' in r) c.set('principal', r.principal);
        else c.set('authProblem', r.problem);
      }
    }
    await next();
  };
}
