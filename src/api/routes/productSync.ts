import { productExists } from '../../catalog/productLookups';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { DbId, IdParam } from '../openapi/params';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { IdempotencyConflictError, JobBusyError, startBulkJob, startProductSyncJob, UnknownShopsError } from '../../jobs/jobStarter';
import { assertRunningJobsWithinLimit, assertSelectionWithinLimit, type JobLimits, SelectionTooLargeError, TooManyJobsError } from '../../jobs/jobLimits';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { idempotencyKey, jobUserId } from './jobPrincipal';

export const statusUrl = (jobId: string) => `/api/v1/jobs/${encodeURIComponent(jobId)}`;

export const JobAcceptedSchema = z.object({ jobId: z.string(), statusUrl: z.string(), created: z.boolean() }).openapi('JobAccepted');

const IdempotencyHeader = z.object({
  'idempotency-key': z.string().regex(/^[\x21-\x7e]{1,255}$/, 'expected 1-255 printable ASCII characters').optional().openapi({ description: 'Repeating a request with the same key returns the same job' }),
});

const Mode = z.enum(['apply', 'preview']);

/** The body of POST /products/{id}/sync (also the arguments of the GraphQL `syncProduct` mutation). */
export const ProductSyncBody = z.object({ shopIds: z.array(DbId).max(100).optional(), force: z.boolean().default(false), mode: Mode.default('apply') }).strict();

export const ProductFilterSchema = z
  .object({
    status: z.enum(['active', 'inactive', 'archived']).optional(),
    skuPrefix: z.string().min(1).max(64).optional(),
    erpSourceId: DbId.optional(),
    categoryId: DbId.optional(),
    updatedSince: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** The body of POST /products/bulk (also validated by `ppm sync bulk` before it sends). */
export const BulkRequestSchema = z
  .object({
    operation: z.enum(['create', 'update', 'delete', 'export']),
    productIds: z.array(DbId).min(1).max(200_000).optional(),
    filter: ProductFilterSchema.optional(),
    shopIds: z.array(DbId).max(100).optional(),
    onFailure: z.enum(['continue', 'compensate']).default('continue'),
    force: z.boolean().default(false),
    mode: Mode.default('apply'),
  })
  .strict()
  .refine((b) => (b.productIds === undefined) !== (b.filter === undefined), { message: 'give exactly one of productIds or filter' })
  .openapi('BulkRequest', { oneOf: [{ required: ['productIds'] }, { required: ['filter'] }] });

export interface ProductSyncRoutesDeps {
  temporal: Client;
  sequelize: Sequelize;
  taskQueue: string;
  limits: JobLimits;
}

export function mapStartError(e: unknown): never {
  if (e instanceof IdempotencyConflictError) throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', e.message, { jobId: e.jobId });
  if (e instanceof JobBusyError) throw new ApiError(409, 'PRODUCT_SYNC_IN_PROGRESS', e.message, { jobId: e.jobId });
  if (e instanceof UnknownShopsError) throw new ApiError(422, 'UNKNOWN_SHOPS', e.message, { shopIds: e.shopIds });
  if (e instanceof SelectionTooLargeError) throw new ApiError(422, 'SELECTION_TOO_LARGE', e.message, { size: e.size, max: e.max });
  if (e instanceof TooManyJobsError) throw new ApiError(429, 'TOO_MANY_JOBS', e.message, { running: e.running, max: e.max });
  throw e;
}

/** POST /products/{id}/sync (user) and POST /products/bulk (manager): start jobs, answer 202 at once. */
export function productSyncRoutes(deps: ProductSyncRoutesDeps) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/bulk',
      tags: ['jobs'],
      summary: 'Start a bulk create | update | delete | export over product ids or a catalogue filter',
      description: 'onFailure "compensate" undoes the whole job on the first permanent failure; mode "preview" plans and waits for POST /jobs/{id}/confirm.',
      middleware: [requireRole('manager')] as const,
      request: { headers: IdempotencyHeader, body: { content: { 'application/json': { schema: BulkRequestSchema } }, required: true } },
      responses: {
        202: { description: 'accepted', content: { 'application/json': { schema: JobAcceptedSchema } } },
        409: errorResponse('Idempotency-Key reused with another body'),
        422: errorResponse('unknown shops, or a selection larger than BULK_MAX_SELECTION (SELECTION_TOO_LARGE)'),
        429: errorResponse('the caller already runs JOBS_MAX_RUNNING_PER_PRINCIPAL sync jobs (TOO_MANY_JOBS)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await assertSelectionWithinLimit(deps.sequelize, deps.limits, body).catch(mapStartError);
      await assertRunningJobsWithinLimit(deps.temporal, deps.limits, jobUserId(c)).catch(mapStartError);
      const started = await startBulkJob(deps, { ...body, userId: jobUserId(c), idempotencyKey: idempotencyKey(c) }).catch(mapStartError);
      c.header('Location', statusUrl(started.jobId));
      return c.json({ jobId: started.jobId, statusUrl: statusUrl(started.jobId), created: started.created }, 202);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/{id}/sync',
      tags: ['jobs'],
      summary: 'Sync one product to shops (all active shops when shopIds is omitted)',
      middleware: [requireRole('user')] as const,
      request: {
        params: IdParam,
        headers: IdempotencyHeader,
        body: {
          required: false,
          content: {
            'application/json': {
              schema: ProductSyncBody,
            },
          },
        },
      },
      responses: {
        202: { description: 'accepted', content: { 'application/json': { schema: JobAcceptedSchema } } },
        404: errorResponse('no such product'),
        409: errorResponse('Idempotency-Key reused with another body, or a sync of this product runs for another request (PRODUCT_SYNC_IN_PROGRESS, details.jobId)'),
        422: errorResponse('unknown shops'),
        429: errorResponse('the caller already runs JOBS_MAX_RUNNING_PER_PRINCIPAL sync jobs (TOO_MANY_JOBS)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? { force: false, mode: 'apply' as const };
      if (!(await productExists(deps.sequelize, id))) throw new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id ${id}`);
      await assertRunningJobsWithinLimit(deps.temporal, deps.limits, jobUserId(c)).catch(mapStartError);
      const started = await startProductSyncJob(deps, { productId: id, ...body, userId: jobUserId(c), idempotencyKey: idempotencyKey(c) }).catch(mapStartError);
      c.header('Location', statusUrl(started.jobId));
      return c.json({ jobId: started.jobId, statusUrl: statusUrl(started.jobId), created: started.created }, 202);
    },
  );
  return app;
}
