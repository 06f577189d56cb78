import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { requestId } from 'hono/request-id';
import type { ApiDeps } from './apiDeps';
import type { AppEnv } from './appEnv';
import { handleError, handleNotFound } from './errorHandler';
import { methodNotAllowed } from './methodNotAllowed';
import { accessLog } from './middleware/accessLog';
import { httpMetrics } from './middleware/httpMetrics';
import { httpTracing } from './middleware/httpTracing';
import { metricsAccess } from './middleware/metricsAccess';
import { metricsResponse } from '../observability/metricsEndpoint';
import { registerSharedResponses } from './openapi/sharedResponses';
import { frontendCors, requestBodyLimit, securityHeaders } from './middleware/hardening';
import { graphiqlPage } from '../graphql/graphiql';
import { healthRoutes } from './routes/health';
import { v1Routes } from './v1';
import { validationHook } from './validationHook';


/** The HTTP API: validates, authorises and delegates (to the data layer or to Temporal). */
export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  app.use('*', httpMetrics);
  app.use('*', httpTracing);
  app.use('*', requestId());
  app.use('*', accessLog);
  app.use('*', securityHeaders());
  app.use('/api/*', frontendCors(deps.config.FRONTEND_URL));
  // Image uploads may be as large as IMAGE_MAX_BYTES (plus the multipart framing), imports IMPORT_MAX_BYTES; everything else BODY_LIMIT_BYTES.
  const uploadLimit = requestBodyLimit(Math.max(deps.config.BODY_LIMIT_BYTES, deps.config.IMAGE_MAX_BYTES + 64 * 1024));
  const bodyLimit = requestBodyLimit(deps.config.BODY_LIMIT_BYTES);
  const importLimit = requestBodyLimit(Math.max(deps.config.BODY_LIMIT_BYTES, deps.config.IMPORT_MAX_BYTES));
  app.use('/api/*', (c, next) => {
    if (c.req.method !== 'POST') return bodyLimit(c, next);
    if (/^\/api\/v1\/products\/import\/?$/.test(c.req.path)) return importLimit(c, next);
    return (/^\/api\/v1\/products\/[^/]+\/images\/?$/.test(c.req.path) ? uploadLimit : bodyLimit)(c, next);
  });
  app.use('*', methodNotAllowed(app));

  app.route('/', healthRoutes(deps.readinessChecks));
  app.route('/api/v1', v1Routes(deps));

  registerSharedResponses(app.openAPIRegistry);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'PPM Sync API', version: '1', description: 'Central catalogue and sync jobs (Temporal workflows).' },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  // GraphiQL for POST /api/v1/graphql: development only, outside the API contract.
  if (deps.config.NODE_ENV === 'development') app.get('/graphiql', graphiqlPage);
  // Prometheus text, outside the API contract (not in /openapi.json); see METRICS_ON_API_PORT.
  if (deps.config.METRICS_ON_API_PORT !== 'off') {
    app.get('/metrics', metricsAccess(deps.config.METRICS_ON_API_PORT), (c) => metricsResponse(c, { temporal: deps.temporal, temporalSdkPort: deps.config.TEMPORAL_METRICS_PORT }));
  }

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
