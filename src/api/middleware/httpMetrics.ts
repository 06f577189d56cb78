import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { httpRequestDuration, httpRequestsTotal } from '../../observability/metrics';

/**
 * The route template that answered (`/api/v1/products/:id`), never the raw path: the label set stays bounded.
 * Requests no route matched (404, refused before routing) count as `unmatched`.
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i].method !== 'ALL') return routes[i].path;
  return 'unmatched';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Counts every request and observes its latency by route template, method and status. */
export const httpMetrics: MiddlewareHandler = async (c, next) => {
  const started = performance.now();
  try {
    await next();
  } finally {
    const labels = { route: routeTemplate(c), method: METHODS.has(c.req.method) ? c.req.method : 'OTHER', status: String(c.res.status) };
    httpRequestsTotal.inc(labels);
    httpRequestDuration.observe(labels, (performance.now() - started) / 1000);
  }
};
