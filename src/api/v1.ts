import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from './app';
import type { AppEnv } from './appEnv';
import { jobRoutes } from './routes/jobs';
import { validationHook } from './validationHook';

/**
 * Every resource under /api/v1, one sub-app per resource. Add a resource with one `route()` line here;
 * each route declares the roles that may call it in its own definition.
 */
export function v1Routes(deps: ApiDeps) {
  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  v1.route('/jobs', jobRoutes({ temporal: deps.temporal, taskQueue: deps.config.TEMPORAL_TASK_QUEUE }));
  return v1;
}
