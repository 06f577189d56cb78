import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from './app';
import type { AppEnv } from './appEnv';
import { jobRoutes } from './routes/jobs';
import { validationHook } from './validationHook';

/**
 * Every resource under /api/v1, one sub-app per resource. Add a resource with one `route()` line here.
 *
 * ROLES: every route declares who may call it in its own createRoute, e.g.
 *   createRoute({ method: 'post', path: '/', middleware: [requireRole('manager')] as const, ... })
 * with `requireRole` from './middleware/requireRole' ('user' < 'manager' < 'admin'; higher roles include
 * lower ones). Authentication runs for all of /api/v1 before any route; a route without a declaration makes
 * `v1Routes` throw at start (assertEveryRouteDeclaresAccess), and test/auth/routeRoleTable.test.ts checks every
 * route × role automatically. `publicRoute()` is reserved for the sign-in flow.
 */
export function v1Routes(deps: ApiDeps) {
  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  v1.route('/jobs', jobRoutes({ temporal: deps.temporal, taskQueue: deps.config.TEMPORAL_TASK_QUEUE }));
  return v1;
}
