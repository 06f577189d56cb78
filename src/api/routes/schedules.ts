import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { DbId, DbIdText } from '../openapi/params';
import { type Client, ScheduleAlreadyRunning, ServiceError } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { findErpSourceSummary } from '../../erpPull/erpSourceSummary';
import { ErpPullSchedules, type ErpPullScheduleView } from '../../erpPull/erpPullSchedules';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';

const GRPC_INVALID_ARGUMENT = 3;

const Cron = z
  .string()
  .trim()
  .max(200)
  .regex(/^(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4,6}\S+)$/, 'expected a cron expression (5 to 7 fields) or @hourly, @daily, @weekly, @monthly, @yearly');

/** IANA time zone names this runtime knows (Intl), plus UTC. */
const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])] as [string, ...string[]];
const TimeZone = z.enum(TIME_ZONES, { error: 'expected an IANA time zone such as Europe/Warsaw' });
const IntervalSeconds = z.number().int().min(10).max(31 * 86_400);
const CatchupWindowSeconds = z.number().int().min(10).max(7 * 86_400);
const PageSize = z.number().int().min(1).max(1000);

const CreateBody = z
  .object({
    sourceId: DbId,
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40').optional(),
    cron: Cron.optional(),
    intervalSeconds: IntervalSeconds.optional(),
    timezone: TimeZone.optional(),
    catchupWindowSeconds: CatchupWindowSeconds.optional(),
    pageSize: PageSize.optional(),
    syncChangedToShops: z.boolean().optional(),
    paused: z.boolean().optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .refine((b) => (b.cron ? 1 : 0) + (b.intervalSeconds ? 1 : 0) === 1, { message: 'give exactly one of cron and intervalSeconds', path: ['cron'] })
  .openapi('ErpPullScheduleCreate', { oneOf: [{ required: ['cron'] }, { required: ['intervalSeconds'] }] });

const PatchBody = z
  .object({
    cron: Cron.optional(),
    intervalSeconds: IntervalSeconds.optional(),
    timezone: TimeZone.nullable().optional(),
    catchupWindowSeconds: CatchupWindowSeconds.optional(),
    pageSize: PageSize.nullable().optional(),
    syncChangedToShops: z.boolean().optional(),
    paused: z.boolean().optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .refine((b) => !(b.cron && b.intervalSeconds), { message: 'give at most one of cron and intervalSeconds', path: ['cron'] })
  .openapi('ErpPullSchedulePatch', { not: { required: ['cron', 'intervalSeconds'] } });

export const ScheduleSchema = z
  .object({
    id: z.string(),
    sourceId: z.number(),
    sourceName: z.string().nullable(),
    cron: z.string().nullable(),
    intervalSeconds: z.number().nullable(),
    timezone: z.string().nullable(),
    overlap: z.string(),
    catchupWindowSeconds: z.number(),
    paused: z.boolean(),
    note: z.string().nullable(),
    pageSize: z.number().nullable(),
    syncChangedToShops: z.boolean(),
    nextRuns: z.array(z.string()),
    recentRuns: z.array(z.object({ scheduledAt: z.string(), startedAt: z.string(), workflowId: z.string(), runId: z.string() })),
    runningWorkflowIds: z.array(z.string()),
    actionsTaken: z.number(),
    skippedOverlap: z.number(),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ErpPullSchedule');

/** `{id}` of a schedule: its Temporal schedule id. */
const ScheduleIdParam = z.object({ id: z.string().min(1).max(200) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const notFound = (id: string) => new ApiError(404, 'SCHEDULE_NOT_FOUND', `No ERP pull schedule with id ${id}`);

/** Temporal's refusals of a spec (cron fields out of range, ...) become 422s in the common envelope. */
async function temporalCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) throw new ApiError(409, 'SCHEDULE_EXISTS', `A schedule with id ${e.scheduleId} already exists`);
    // The schedule client reports an invalid spec (e.g. a cron field out of range) as a TypeError.
    if (e instanceof TypeError) throw new ApiError(422, 'INVALID_SCHEDULE', `Temporal rejected the schedule: ${e.message}`);
    if (e instanceof ServiceError && (e.cause as { code?: number } | undefined)?.code === GRPC_INVALID_ARGUMENT) {
      throw new ApiError(422, 'INVALID_SCHEDULE', `Temporal rejected the schedule: ${e.message}`);
    }
    throw e;
  }
}

export interface ScheduleRoutesDeps {
  temporal: Client;
  sequelize: Sequelize;
  taskQueue: string;
}

/** ERP pull schedules (Temporal Schedules): list, create, change, delete, trigger now, pause, unpause. */
export function scheduleRoutes({ temporal, sequelize, taskQueue }: ScheduleRoutesDeps) {
  const schedules = new ErpPullSchedules(temporal, taskQueue);
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/',
      tags: ['schedules'],
      summary: 'ERP pull schedules (optionally of one source)',
      middleware: [requireRole('user')] as const,
      request: { query: z.object({ sourceId: DbIdText.optional() }) },
      responses: { 200: json(z.object({ items: z.array(ScheduleSchema) }), 'the schedules') },
    }),
    async (c) => {
      const { sourceId } = c.req.valid('query');
      return c.json({ items: await schedules.list({ sourceId }) }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/',
      tags: ['schedules'],
      summary: 'Create an ERP pull schedule (cron or interval; overlap SKIP; catch-up window, default 10 min)',
      middleware: [requireRole('manager')] as const,
      request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
      responses: {
        201: json(ScheduleSchema, 'created'),
        400: errorResponse('invalid schedule'),
        409: errorResponse('a schedule with this name exists'),
        422: errorResponse('unknown ERP source, or Temporal refused the schedule spec'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const source = await findErpSourceSummary(sequelize, body.sourceId);
      if (!source) throw new ApiError(422, 'UNKNOWN_ERP_SOURCE', `No ERP source with id ${body.sourceId}`, { field: 'sourceId' });
      const created = await temporalCall(() => schedules.create({ ...body, sourceName: source.name }));
      return c.json(created, 201, { Location: `/api/v1/schedules/${encodeURIComponent(created.id)}` });
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/{id}',
      tags: ['schedules'],
      summary: 'One ERP pull schedule, with its next and recent runs',
      middleware: [requireRole('user')] as const,
      request: { params: ScheduleIdParam },
      responses: { 200: json(ScheduleSchema, 'the schedule'), 404: errorResponse('no such schedule') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const s = await schedules.get(id);
      if (!s) throw notFound(id);
      return c.json(s, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'patch',
      path: '/{id}',
      tags: ['schedules'],
      summary: 'Change an ERP pull schedule (timing, catch-up window, pull options, paused)',
      middleware: [requireRole('manager')] as const,
      request: { params: ScheduleIdParam, body: { content: { 'application/json': { schema: PatchBody } }, required: true } },
      responses: { 200: json(ScheduleSchema, 'the changed schedule'), 400: errorResponse('invalid change'), 404: errorResponse('no such schedule'), 422: errorResponse('Temporal refused the schedule spec') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { paused, note, ...patch } = c.req.valid('json');
      let s: ErpPullScheduleView | null = await temporalCall(() => schedules.update(id, patch));
      if (s && paused !== undefined && paused !== s.paused) s = await schedules.setPaused(id, paused, note);
      if (!s) throw notFound(id);
      return c.json(s, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'delete',
      path: '/{id}',
      tags: ['schedules'],
      summary: 'Delete an ERP pull schedule (a pull already running finishes)',
      middleware: [requireRole('manager')] as const,
      request: { params: ScheduleIdParam },
      responses: { 204: { description: 'deleted' }, 404: errorResponse('no such schedule') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await schedules.remove(id))) throw notFound(id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/{id}/trigger',
      tags: ['schedules'],
      summary: 'Run the pull now (skipped if a pull of the source is running)',
      middleware: [requireRole('manager')] as const,
      request: { params: ScheduleIdParam },
      responses: { 202: json(z.object({ id: z.string(), triggered: z.literal(true) }), 'triggered'), 404: errorResponse('no such schedule') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await schedules.trigger(id))) throw notFound(id);
      return c.json({ id, triggered: true as const }, 202);
    },
  );

  for (const action of ['pause', 'unpause'] as const) {
    app.openapi(
      apiRoute({
        method: 'post',
        path: `/{id}/${action}`,
        tags: ['schedules'],
        summary: action === 'pause' ? 'Pause a schedule (no runs until unpaused)' : 'Unpause a schedule',
        middleware: [requireRole('manager')] as const,
        request: {
          params: ScheduleIdParam,
          body: { content: { 'application/json': { schema: z.object({ note: z.string().max(500).optional() }).strict() } }, required: false },
        },
        responses: { 200: json(ScheduleSchema, 'the schedule'), 404: errorResponse('no such schedule') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = (c.req.valid('json') as { note?: string } | undefined) ?? {};
        const s = await schedules.setPaused(id, action === 'pause', body.note);
        if (!s) throw notFound(id);
        return c.json(s, 200);
      },
    );
  }
  return app;
}
