import type { Hono } from 'hono';
import { type AccessRule, accessRuleOf } from './requireRole';

/** One API route and who may call it (built from the app's own route list, so new routes are covered). */
export interface RouteAccess {
  method: string;
  path: string;
  access: AccessRule | null;
}

/** Hono keeps the original handler of a sub-app with its own onError under this key. */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

function unwrap(handler: unknown): unknown {
  let h = handler as Record<string, unknown> | undefined;
  while (h && typeof h === 'function' && h[COMPOSED_HANDLER]) h = h[COMPOSED_HANDLER] as Record<string, unknown>;
  return h;
}

/**
 * Every concrete route (method + path) of `app` with the access rule declared in its own handler chain.
 * `app.use()` middleware (method ALL) is not a route. Paths are Hono paths (`/api/v1/jobs/:id`).
 */
export function listRouteAccess(app: Hono<any, any, any>): RouteAccess[] {
  const byKey = new Map<string, RouteAccess>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const entry = byKey.get(key) ?? { method: r.method, path: r.path, access: null };
    const rule = accessRuleOf(unwrap(r.handler));
    if (rule && !entry.access) entry.access = rule;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Fails at app creation when a route declares no access rule: adding a route without roles is impossible. */
export function assertEveryRouteDeclaresAccess(app: Hono<any, any, any>): void {
  const missing = listRouteAccess(app).filter((r) => !r.access);
  if (missing.length) {
    throw new Error(
      `API routes without a declared role (add middleware: [requireRole('user'|'manager'|'admin')] to their createRoute): ${missing
        .map((r) => `${r.method} ${r.path}`)
        .join(', ')}`,
    );
  }
}
