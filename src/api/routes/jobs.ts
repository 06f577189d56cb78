import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { describeJob } from '../../jobs/jobStatus';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';

const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    state: z.enum(['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'continued']),
    startedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    result: z.unknown().optional(),
    error: z.object({ message: z.string(), type: z.string().optional() }).optional(),
  })
  .openapi('Job');

const JobRefSchema = z.object({ id: z.string(), type: z.string(), links: z.object({ self: z.string() }) }).openapi('JobRef');

export interface JobRoutesDeps {
  temporal: Client;
  taskQueue: string;
}

/** Jobs are Temporal workflow executions: start them here, read their status and result by id. */
export function jobRoutes({ temporal, taskQueue }: JobRoutesDeps) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/stats',
      tags: ['jobs'],
      summary: 'Start a catalogue statistics job (proves API → Temporal → worker → PostgreSQL)',
      middleware: [requireRole('manager')] as const,
      responses: { 202: { description: 'started', content: { 'application/json': { schema: JobRefSchema } } } },
    }),
    async (c) => {
      const id = `catalog-stats:${randomUUID()}`;
      await temporal.workflow.start('catalogStatsWorkflow', { taskQueue, workflowId: id, args: [] });
      return c.json({ id, type: 'catalogStatsWorkflow', links: { self: `/api/v1/jobs/${encodeURIComponent(id)}` } }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['jobs'],
      summary: "A job's state, and its result once completed",
      middleware: [requireRole('user')] as const,
      request: { params: z.object({ id: z.string().min(1).max(255) }) },
      responses: {
        200: { description: 'the job', content: { 'application/json': { schema: JobSchema } } },
        404: errorResponse('no such job'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const job = await describeJob(temporal, id);
      if (!job) throw new ApiError(404, 'JOB_NOT_FOUND', `No job with id ${id}`);
      return c.json(job, 200);
    },
  );
  return app;
}
