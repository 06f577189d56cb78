import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../appEnv';
import { errorBody } from '../errorHandler';

/**
 * CSRF protection for cookie-authenticated, state-changing requests (refresh and logout with the refresh
 * cookie). Bearer-token requests are not ambient and need none. A request that carries `cookieName` with an
 * unsafe method must come from an allowed origin: its `Origin` header is this API's own origin or one of
 * `allowedOrigins` (FRONTEND_URL); without Origin, `Sec-Fetch-Site: same-origin` is required. Else 403.
 */
export function cookieCsrf(cookieName: string, allowedOrigins: string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  return async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || !getCookie(c, cookieName)) return next();
    const origin = c.req.header('origin');
    const ownOrigin = new URL(c.req.url).origin;
    const ok = origin ? origin === ownOrigin || allowed.has(origin) : c.req.header('sec-fetch-site') === 'same-origin';
    if (!ok) return c.json(errorBody(c, 'CSRF_REJECTED', 'Cross-site request refused: origin not allowed'), 403);
    await next();
  };
}
