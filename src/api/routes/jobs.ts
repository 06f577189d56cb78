import { randomUUID } from 'node:crypto';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { DbIdText, Int4OffsetText } from '../openapi/params';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { cancelJob, confirmJob, discardJob, JobNotFoundError, JobStateError, pauseJob, resumeJob } from '../../jobs/jobControl';
import { exportStream } from '../../jobs/exportFiles';
import { listJobs } from '../../jobs/jobList';
import { describeJob } from '../../jobs/jobStatus';
import { JobStore } from '../../jobs/jobStore';
import { ImportJobStore } from '../../catalog/import/importJobStore';
import { importReportCsv } from '../../catalog/import/importReportCsv';
import { PRODUCT_IMPORT_WORKFLOW_TYPE } from '../../../workflows/productImportIds';
import { PlanStore } from '../../shopPush/planStore';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { csvBody, wantsCsv } from '../csvResponse';
import { SA_SHOP_IDS } from '../../temporal/searchAttributes';
import { assertMayControl, jobReader, readableJob } from './jobPrincipal';

const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    state: z.enum(['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'continued']),
    status: z.enum(['queued', 'running', 'paused', 'awaiting_confirmation', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'discarded', 'expired']),
    startedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    summary: z.string().nullable(),
    progress: z.any().nullable().openapi({ description: 'total, done, created, updated, deleted, skippedUnchanged, skippedOther, failed, perShop, phase, plan, ...' }),
    pollAfterSeconds: z.number().nullable(),
    pullProgress: z.any().optional().openapi({ description: 'a running ERP pull: mode, phase, counters (fetched, inserted, updated, unchanged, …)' }),
    importProgress: z
      .object({
        phase: z.enum(['running', 'completed']),
        dryRun: z.boolean(),
        rows: z.number().int(),
        done: z.number().int(),
        created: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
        error: z.number().int(),
      })
      .optional()
      .openapi({ description: 'a product import job: rows in the file, rows done, and rows per outcome so far (the per-row report: GET /jobs/{id}/report)' }),
    result: z.unknown().optional(),
    error: z.object({ message: z.string(), type: z.string().optional() }).optional(),
  })
  .openapi('Job');

const JobRefSchema = z.object({ id: z.string(), type: z.string(), links: z.object({ self: z.string() }) }).openapi('JobRef');
/** `{id}` of a job: its workflow id. */
const JobIdParam = z.object({ id: z.string().min(1).max(255) });
/** RFC 3339 date-time, with Z or an offset. */
const IsoDateTime = z.iso.datetime({ offset: true });
/** The filters of GET /jobs (also the GraphQL `jobs(filter:)` arguments). */
export const JobListQuery = z.object({
  type: z
    .enum(['product-sync', 'bulk', 'product-import', 'mass-edit', 'erp-pull'])
    .optional()
    .openapi({ description: 'erp-pull: ERP pulls (API or schedule), listed for admins only; without type, admins also see the pulls' }),
  operation: z.enum(['sync', 'create', 'update', 'delete', 'export', 'import', 'mass-edit']).optional(),
  status: z.enum(['running', 'paused', 'awaiting_confirmation', 'completed', 'failed', 'cancelled']).optional(),
  shopId: DbIdText.optional(),
  userId: z
    .string()
    .regex(/^((user|svc):)?[0-9]{1,10}$/, 'expected user:<id>, svc:<id> or a user id')
    .transform((v) => (/^[0-9]/.test(v) ? `user:${v}` : v))
    .openapi({ description: 'who started the job: `user:<id>` (or just the user id) or `svc:<id>` for a service token' })
    .optional(),
  startedAfter: IsoDateTime.optional(),
  startedBefore: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export interface JobRoutesDeps {
  temporal: Client;
  taskQueue: string;
  sequelize?: Sequelize;
}

function mapControlError(e: unknown): never {
  if (e instanceof JobNotFoundError) throw new ApiError(404, 'JOB_NOT_FOUND', e.message);
  if (e instanceof JobStateError) throw new ApiError(409, 'JOB_STATE_CONFLICT', e.message);
  throw e;
}

const startStatsRoute = apiRoute({
  method: 'post',
  path: '/stats',
  tags: ['jobs'],
  summary: 'Start a catalogue statistics job (proves API → Temporal → worker → PostgreSQL)',
  middleware: [requireRole('manager')] as const,
  responses: { 202: json(JobRefSchema, 'started') },
});

const listJobsRoute = apiRoute({
  method: 'get',
  path: '/',
  tags: ['jobs'],
  summary: 'Sync, product import, mass edit and (admins) ERP pull jobs, newest first (Temporal visibility + search attributes); page with startedBefore',
  middleware: [requireRole('user')] as const,
  request: {
    query: JobListQuery,
  },
  responses: { 200: json(z.object({ items: z.array(z.any()), nextStartedBefore: z.string().nullable() }), 'jobs') },
});

const getJobRoute = apiRoute({
  method: 'get',
  path: '/{id}',
  tags: ['jobs'],
  summary: "A job's status and progress (Retry-After tells pollers when to ask again)",
  middleware: [requireRole('user')] as const,
  request: { params: JobIdParam },
  responses: { 200: json(JobSchema, 'the job'), 404: errorResponse('no such job') },
});

const jobFailuresRoute = apiRoute({
  method: 'get',
  path: '/{id}/failures',
  tags: ['jobs'],
  summary: 'Per-item failures (product, shop, error code, message), paged by id',
  middleware: [requireRole('user')] as const,
  request: { params: JobIdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), after: Int4OffsetText.default(0) }) },
  responses: { 200: json(z.object({ total: z.number(), items: z.array(z.any()), nextAfter: z.number().nullable() }), 'failures'), 404: errorResponse('no such job') },
});

const importReportRoute = apiRoute({
  method: 'get',
  path: '/{id}/report',
  tags: ['jobs'],
  summary: "A product import job's per-row report (rows imported so far, in file order), paged; JSON or CSV",
  description: 'The rows as POST /products/import reports them (created / updated / unchanged / error with the field and reason). `format=csv` (or `Accept: text/csv`) answers the page as CSV.',
  middleware: [requireRole('manager')] as const,
  request: {
    params: JobIdParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(5000).default(500),
      offset: Int4OffsetText.default(0),
      outcome: z.enum(['created', 'updated', 'unchanged', 'error']).optional().openapi({ description: 'only rows with this outcome' }),
      format: z.enum(['json', 'csv']).optional().openapi({ description: 'default json, or csv when Accept prefers text/csv' }),
    }),
  },
  responses: {
    200: {
      description: 'a page of the report',
      content: {
        'application/json': { schema: z.object({ total: z.number().int(), items: z.array(z.any()), nextOffset: z.number().int().nullable() }) },
        'text/csv': { schema: z.string() },
      },
    },
    404: errorResponse('no such job, or its report is gone (retention)'),
    409: errorResponse('not a product import job'),
  },
});

const jobPlanRoute = apiRoute({
  method: 'get',
  path: '/{id}/plan',
  tags: ['jobs'],
  summary: 'Preview plan: per product and shop the action and field changes (before → after)',
  middleware: [requireRole('user')] as const,
  request: {
    params: JobIdParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: Int4OffsetText.default(0),
      onlyChanges: z.enum(['true', 'false']).default('false'),
      shopId: DbIdText.optional(),
    }),
  },
  responses: { 200: json(z.object({ total: z.number(), items: z.array(z.any()) }), 'plan items'), 404: errorResponse('no such job') },
});

const jobExportRoute = apiRoute({
  method: 'get',
  path: '/{id}/export',
  tags: ['jobs'],
  summary: 'Download the file of a completed export job (CSV or JSON)',
  middleware: [requireRole('user')] as const,
  request: { params: JobIdParam, query: z.object({ format: z.enum(['csv', 'json']).default('csv') }) },
  responses: {
    200: { description: 'the file', content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.any() } } },
    404: errorResponse('no such job'),
    409: errorResponse('not a finished export'),
  },
});

const CONTROL_SUMMARIES = {
  cancel: 'Cancel: stop new work, report what was done; compensate when the job was started with onFailure=compensate',
  pause: 'Pause: no new batches start until resume (in-flight batches finish)',
  resume: 'Resume a paused job',
  confirm: 'Confirm a preview: apply exactly the stored plan',
  discard: 'Discard a preview: the job ends without writing',
} as const;

/** POST /{id}/cancel, pause, resume, confirm, discard: one contract, the action in the path. */
const controlJobRoutes = (Object.keys(CONTROL_SUMMARIES) as (keyof typeof CONTROL_SUMMARIES)[]).map((action) => ({
  action,
  route: apiRoute({
    method: 'post',
    path: `/{id}/${action}`,
    tags: ['jobs'],
    summary: CONTROL_SUMMARIES[action],
    middleware: [requireRole('user')] as const,
    request: { params: JobIdParam },
    responses: {
      [action === 'cancel' ? 202 : 200]: json(z.any(), 'done'),
      404: errorResponse('no such job'),
      409: errorResponse('the job cannot do that now'),
    },
  }),
}));

/**
 * Jobs are Temporal workflow executions: status (progress query / final memo, with a Retry-After polling
 * hint), lists through visibility and search attributes, per-item failures, preview plans, export files, and
 * cancel / pause / resume / confirm / discard.
 */
export function jobRoutes({ temporal, taskQueue, sequelize }: JobRoutesDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = () => {
    if (!sequelize) throw new ApiError(503, 'UNAVAILABLE', 'job storage is not configured');
    return sequelize;
  };
  const store = () => new JobStore(db());

  app.openapi(startStatsRoute, async (c) => {
    const id = `catalog-stats:${randomUUID()}`;
    await temporal.workflow.start('catalogStatsWorkflow', { taskQueue, workflowId: id, args: [], workflowExecutionTimeout: '1 hour' });
    return c.json({ id, type: 'catalogStatsWorkflow', links: { self: `/api/v1/jobs/${encodeURIComponent(id)}` } }, 202);
  });

  app.openapi(listJobsRoute, async (c) => {
    const query = c.req.valid('query');
    // Users list only their own jobs (src/jobs/jobAccess.ts); managers and admins filter by userId freely.
    const reader = jobReader(c);
    const q = { ...(reader.role === 'user' ? { ...query, userId: reader.ownerId } : query), includeErpPulls: reader.role === 'admin' };
    const items = await listJobs(temporal, q);
    return c.json({ items, nextStartedBefore: items.length === q.limit ? items[items.length - 1].startedAt : null }, 200);
  });

  app.openapi(getJobRoute, async (c) => {
    const { id } = c.req.valid('param');
    await readableJob(c, temporal, id);
    const job = await describeJob(temporal, id, { sequelize });
    if (!job) throw new ApiError(404, 'JOB_NOT_FOUND', `No job with id ${id}`);
    if (job.pollAfterSeconds !== null) c.header('Retry-After', String(job.pollAfterSeconds));
    return c.json(job, 200);
  });

  app.openapi(jobFailuresRoute, async (c) => {
    const { id } = c.req.valid('param');
    await readableJob(c, temporal, id);
    const { limit, after } = c.req.valid('query');
    const page = await store().failuresPage(id, limit, after);
    return c.json({ ...page, nextAfter: page.items.length === limit ? page.items[page.items.length - 1].id : null }, 200);
  });

  app.openapi(importReportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const job = await readableJob(c, temporal, id);
    if (job.type !== PRODUCT_IMPORT_WORKFLOW_TYPE) throw new ApiError(409, 'NOT_AN_IMPORT_JOB', `job ${id} is not a product import`);
    const q = c.req.valid('query');
    const imports = new ImportJobStore(db());
    if (!(await imports.header(id))) throw new ApiError(404, 'JOB_NOT_FOUND', `The report of job ${id} is no longer kept`);
    const page = await imports.reportPage(id, { offset: q.offset, limit: q.limit, outcome: q.outcome });
    if (wantsCsv(c, q.format)) return csvBody(c, importReportCsv(page.rows)) as never;
    return c.json({ total: page.total, items: page.rows, nextOffset: q.offset + page.rows.length < page.total ? q.offset + page.rows.length : null }, 200);
  });

  app.openapi(jobPlanRoute, async (c) => {
    const { id } = c.req.valid('param');
    await readableJob(c, temporal, id);
    const q = c.req.valid('query');
    return c.json(await new PlanStore(db()).planPage(id, { limit: q.limit, offset: q.offset, onlyChanges: q.onlyChanges === 'true', shopId: q.shopId }), 200);
  });

  app.openapi(jobExportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { format } = c.req.valid('query');
    await readableJob(c, temporal, id);
    const job = await describeJob(temporal, id);
    if (!job) throw new ApiError(404, 'JOB_NOT_FOUND', `No job with id ${id}`);
    if (job.progress?.operation !== 'export') throw new ApiError(409, 'NOT_AN_EXPORT', `job ${id} is not an export`);
    if (job.status !== 'completed') {
      if (job.pollAfterSeconds !== null) c.header('Retry-After', String(job.pollAfterSeconds));
      throw new ApiError(409, 'EXPORT_NOT_READY', `export ${id} is ${job.status}`);
    }
    const shopIds = Object.keys(job.progress.perShop).map(Number);
    const allShops = shopIds.length ? shopIds : ((await jobOwnerShops(temporal, id)) ?? []);
    const name = `${id.replace(/[^A-Za-z0-9_-]+/g, '-')}.${format}`;
    return new Response(exportStream(store(), id, format, allShops), {
      status: 200,
      headers: {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
      },
    }) as never;
  });

  for (const { action, route } of controlJobRoutes) {
    app.openapi(route, async (c) => {
      const { id } = c.req.valid('param');
      const job = await readableJob(c, temporal, id);
      assertMayControl(c, job);
      if (action === 'cancel') {
        await cancelJob(temporal, job).catch(mapControlError);
        return c.json({ id, runId: job.runId, cancelRequested: true, statusUrl: `/api/v1/jobs/${encodeURIComponent(id)}` }, 202 as never);
      }
      const run = { pause: pauseJob, resume: resumeJob, confirm: confirmJob, discard: discardJob }[action];
      const out = await run(temporal, job).catch(mapControlError);
      return c.json(out, 200 as never);
    });
  }
  return app;
}

async function jobOwnerShops(temporal: Client, id: string): Promise<number[] | null> {
  const d = await temporal.workflow.getHandle(id).describe();
  return (d.typedSearchAttributes.get(SA_SHOP_IDS) ?? []).map(Number);
}
