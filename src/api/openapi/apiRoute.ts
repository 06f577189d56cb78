import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import { requireJsonBody } from '../middleware/requireJsonBody';
import { accessRuleOf } from '../middleware/requireRole';
import { type SharedStatus, sharedResponseRef } from './sharedResponses';

/**
 * `createRoute` plus the contract every API operation keeps:
 *  - it documents every error status it can give, by reference to the shared responses: 400 and 429 always,
 *    401/403 when a role applies, 404 with path parameters, 413/415 with a body, 503 under /api/v1 (PostgreSQL
 *    or Temporal can be down; not for the `probe` scope), 422 with a body or query (text PostgreSQL cannot
 *    store, e.g. NUL); its own entries (409, 422, specific descriptions) win;
 *  - unknown query parameters are refused (400 naming them): the query schema is made strict, or an empty
 *    strict one is added. A route whose query is declared with `z.looseObject` (provider redirects that carry
 *    provider-defined parameters) keeps accepting extra ones.
 *  - a required JSON body is enforced before validation: none → 400 BODY_REQUIRED, not JSON → 415 (a multipart
 *    upload route checks its own media type).
 * The body's `required` flag is the route's own declaration (assertBodiesDeclared checks it is explicit).
 */
export function apiRoute<const R extends RouteConfig>(route: R, scope: 'api' | 'probe' = 'api'): R {
  const access = ((route.middleware ?? []) as unknown[]).map(accessRuleOf).find(Boolean);
  // Probes (/health, /ready) sit outside /api: no rate limit, no authentication; /ready declares its own 503.
  const statuses: SharedStatus[] = scope === 'api' ? [400, 429, 503] : [400];
  if (access?.kind === 'role') statuses.push(401, 403);
  if (route.request?.params) statuses.push(404);
  if (route.request?.body) statuses.push(413, 415);
  // Text PostgreSQL cannot store (a NUL character) in a body or query string is a 422.
  if (scope === 'api' && (route.request?.body || route.request?.query)) statuses.push(422);
  const shared = Object.fromEntries(statuses.sort().map((s) => [s, sharedResponseRef(s)]));
  // A route that also takes other media types (an import: CSV or JSON) checks the media type itself.
  const mediaTypes = Object.keys(route.request?.body?.content ?? {});
  const jsonBody = route.request?.body?.required === true && mediaTypes.length > 0 && mediaTypes.every((m) => m === 'application/json');
  const middleware = [...((route.middleware ?? []) as unknown[]), ...(jsonBody ? [requireJsonBody()] : [])];
  return createRoute({
    ...route,
    middleware: middleware as R['middleware'],
    request: { ...route.request, query: strictQuery(route.request?.query) },
    responses: { ...shared, ...route.responses },
  }) as R;
}

function strictQuery(query: unknown): z.ZodObject {
  if (query === undefined) return z.object({}).strict();
  if (!(query instanceof z.ZodObject)) throw new Error('apiRoute: a query schema must be a z.object');
  const catchall = query._zod.def.catchall;
  return catchall && !(catchall instanceof z.ZodNever) ? query : query.strict();
}
