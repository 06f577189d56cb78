import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { buildHealthReport } from '../../reports/healthReport';
import { HealthReportSchema } from '../../reports/healthReportSchema';
import type { AppEnv } from '../appEnv';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';
import { MinutesText } from '../openapi/params';

/** GET /reports/health (manager+): the ops view of shops, ERP sources, stuck jobs and schedules. */
export function reportRoutes(deps: { sequelize: Sequelize; temporal: Client; taskQueue: string; stuckMinutes: number }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/health',
      tags: ['reports'],
      summary: 'Per shop and ERP source: last successful sync, error counts by code over 24 h; stuck jobs; paused or failing schedules',
      middleware: [requireRole('manager')] as const,
      request: { query: z.object({ stuckMinutes: MinutesText.optional().openapi({ description: 'default HEALTH_STUCK_MINUTES' }) }) },
      responses: { 200: { description: 'the report', content: { 'application/json': { schema: HealthReportSchema } } } },
    }),
    async (c) => {
      const { stuckMinutes } = c.req.valid('query');
      return c.json(await buildHealthReport(deps, stuckMinutes ?? deps.stuckMinutes), 200);
    },
  );
  return app;
}
