import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { checkReadiness, type ReadinessCheck } from '../../health/readiness';
import type { AppEnv } from '../appEnv';

const ReadinessSchema = z
  .object({
    ready: z.boolean(),
    parts: z.record(z.string(), z.object({ ok: z.boolean() })).openapi({ description: 'which part is down; the reason goes to the log only' }),
  })
  .openapi('Readiness');

const livenessRoute = apiRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness: the process answers',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
}, 'probe');

const readinessRoute = apiRoute({
  method: 'get',
  path: '/ready',
  tags: ['health'],
  summary: 'Readiness: 200 when every dependency answers, 503 naming the parts that are down',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: ReadinessSchema } } },
    503: { description: 'not ready', content: { 'application/json': { schema: ReadinessSchema } } },
  },
}, 'probe');

/** Liveness (no dependencies) and readiness (PostgreSQL, Temporal, a polling worker). */
export function healthRoutes(checks: ReadinessCheck[]) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    livenessRoute,
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  app.openapi(
    readinessRoute,
    async (c) => {
      const report = await checkReadiness(checks);
      return report.ready ? c.json(report, 200) : c.json(report, 503);
    },
  );
  return app;
}
