import type { Context, Hono } from 'hono';
import type { AppEnv } from './appEnv';
import { errorBody } from './errorHandler';

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** Hono route paths (`/api/v1/jobs/:id`) as anchored regular expressions, with the methods declared on each. */
function declaredMethods(app: Hono<any, any, any>): PathMethods[] {
  const byPath = new Map<string, Set<string>>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue; // middleware, not a route
    const methods = byPath.get(r.path) ?? new Set<string>();
    methods.add(r.method.toUpperCase());
    if (r.method.toUpperCase() === 'GET') methods.add('HEAD'); // Hono answers HEAD with the GET route
    byPath.set(r.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
    methods,
  }));
}

/**
 * `app.notFound` for an app whose routes are all registered: a known path asked with a method it does not
 * declare answers 405 with `Allow` and the error envelope; an unknown path stays 404.
 */
export function notFoundOrMethodNotAllowed(app: Hono<any, any, any>) {
  const table = declaredMethods(app);
  return (c: Context<AppEnv>): Response => {
    const allowed = new Set(table.filter((t) => t.pattern.test(c.req.path)).flatMap((t) => [...t.methods]));
    if (allowed.size === 0) return c.json(errorBody(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404);
    const allow = [...allowed].sort().join(', ');
    return c.json(errorBody(c, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow}`, { allow: [...allowed].sort() }), 405, { Allow: allow });
  };
}
