import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { buildHealthReport } from '../../reports/healthReport';
import { HealthReportSchema } from '../../reports/healthReportSchema';
import { healthReportCsv } from '../../reports/healthReportCsv';
import type { AppEnv } from '../appEnv';
import { requireRole } from '../middleware/requireRole';
import { csvBody, wantsCsv } from '../csvResponse';
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
      description: '`format=csv` (or `Accept: text/csv`) answers one CSV table: a line per shop, ERP source, stuck job and schedule problem (column `section`).',
      middleware: [requireRole('manager')] as const,
      request: {
        query: z.object({
          stuckMinutes: MinutesText.optional().openapi({ description: 'default HEALTH_STUCK_MINUTES' }),
          format: z.enum(['json', 'csv']).optional().openapi({ description: 'default json, or csv when Accept prefers text/csv' }),
        }),
      },
      responses: {
        200: { description: 'the report', content: { 'application/json': { schema: HealthReportSchema }, 'text/csv': { schema: z.string() } } },
      },
    }),
    async (c) => {
      const { stuckMinutes, format } = c.req.valid('query');
      const report = await buildHealthReport(deps, stuckMinutes ?? deps.stuckMinutes);
      if (wantsCsv(c, format)) return csvBody(c, healthReportCsv(report)) as never;
      return c.json(report, 200);
    },
  );
  return app;
}
