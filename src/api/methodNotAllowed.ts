import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from './appEnv';
import { errorBody } from './errorHandler';

interface PathMethods {
  pattern: RegExp;
  /** Literal segments: the most literal matching path wins, as in OpenAPI (`/products/bulk` over `/products/{id}`). */
  literalSegments: number;
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
  return [...byPath].map(([path, methods]) => {
    const segments = path.split('/');
    return {
      pattern: new RegExp(`^${segments.map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
      literalSegments: segments.filter((seg) => seg && !seg.startsWith(':') && seg !== '*').length,
      methods,
    };
  });
}

function allowedMethods(table: PathMethods[], path: string): string[] {
  const matching = table.filter((t) => t.pattern.test(path));
  const best = Math.max(...matching.map((t) => t.literalSegments));
  return [...new Set(matching.filter((t) => t.literalSegments === best).flatMap((t) => [...t.methods]))].sort();
}

/**
 * Runs before routing: a known path asked with a method it does not declare answers 405 with `Allow` and the
 * error envelope (unknown paths go on to 404). The route table is read on first use, when every route exists.
 */
export function methodNotAllowed(app: Hono<any, any, any>): MiddlewareHandler<AppEnv> {
  let table: PathMethods[] | null = null;
  return async (c: Context<AppEnv>, next) => {
    table ??= declaredMethods(app);
    const allowed = allowedMethods(table, c.req.path);
    if (allowed.length === 0 || allowed.includes(c.req.method.toUpperCase())) return next();
    const allow = allowed.join(', ');
    return c.json(errorBody(c, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow}`, { allow: allowed }), 405, { Allow: allow });
  };
}
