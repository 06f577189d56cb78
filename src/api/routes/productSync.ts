import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { IdempotencyConflictError, startBulkJob, startProductSyncJob, UnknownShopsError } from '../../jobs/jobStarter';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { idempotencyKey, jobUserId } from './jobPrincipal';

export const JobAcceptedSchema = z.object({ jobId: z.string(), statusUrl: z.string(), created: z.boolean() }).openapi('JobAccepted');

const IdempotencyHeader = z.object({
  'idempotency-key': z.string().max(255).optional().openapi({ description: 'Repeating a request with the same key returns the same job' }),
});

const Mode = z.enum(['apply', 'preview']);

export const ProductFilterSchema = z
  .object({
    status: z.enum(['active', 'inactive', 'archived']).optional(),
    skuPrefix: z.string().min(1).max(64).optional(),
    erpSourceId: z.number().int().positive().optional(),
    categoryId: z.number().int().positive().optional(),
    updatedSince: z.iso.datetime().optional(),
  })
  .strict();

/** The body of POST /products/bulk (also validated by `ppm sync bulk` before it sends). */
export const BulkRequestSchema = z
  .object({
    operation: z.enum(['create', 'update', 'delete', 'export']),
    productIds: z.array(z.number().int().positive()).min(1).max(200_000).optional(),
    filter: ProductFilterSchema.optional(),
    shopIds: z.array(z.number().int().positive()).max(100).optional(),
    onFailure: z.enum(['continue', 'compensate']).default('continue'),
    force: z.boolean().default(false),
    mode: Mode.default('apply'),
  })
  .strict()
  .refine((b) => (b.productIds === undefined) !== (b.filter === undefined), { message: 'give exactly one of productIds or filter' })
  .openapi('BulkRequest');

export interface ProductSyncRoutesDeps {
  temporal: Client;
  sequelize: Sequelize;
  taskQueue: string;
}

function mapStartError(e: unknown): never {
  if (e instanceof IdempotencyConflictError) throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', e.message, { jobId: e.jobId });
  if (e instanceof UnknownShopsError) throw new ApiError(422, 'UNKNOWN_SHOPS', e.message, { shopIds: e.shopIds });
  throw e;
}

const statusUrl = (jobId: string) => `/api/v1/jobs/${encodeURIComponent(jobId)}`;

/** POST /products/{id}/sync (user) and POST /products/bulk (manager): start jobs, answer 202 at once. */
export function productSyncRoutes(deps: ProductSyncRoutesDeps) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bulk',
      tags: ['jobs'],
      summary: 'Start a bulk create | update | delete | export over product ids or a catalogue filter',
      description: 'onFailure "compensate" undoes the whole job on the first permanent failure; mode "preview" plans and waits for POST /jobs/{id}/confirm.',
      middleware: [requireRole('manager')] as const,
      request: { headers: IdempotencyHeader, body: { content: { 'application/json': { schema: BulkRequestSchema } } } },
      responses: {
        202: { description: 'accepted', content: { 'application/json': { schema: JobAcceptedSchema } } },
        409: errorResponse('Idempotency-Key reused with another body'),
        422: errorResponse('unknown shops'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const started = await startBulkJob(deps, { ...body, userId: jobUserId(c), idempotencyKey: idempotencyKey(c) }).catch(mapStartError);
      c.header('Location', statusUrl(started.jobId));
      return c.json({ jobId: started.jobId, statusUrl: statusUrl(started.jobId), created: started.created }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/sync',
      tags: ['jobs'],
      summary: 'Sync one product to shops (all active shops when shopIds is omitted)',
      middleware: [requireRole('user')] as const,
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        headers: IdempotencyHeader,
        body: {
          required: false,
          content: {
            'application/json': {
              schema: z.object({ shopIds: z.array(z.number().int().positive()).max(100).optional(), force: z.boolean().default(false), mode: Mode.default('apply') }).strict(),
            },
          },
        },
      },
      responses: {
        202: { description: 'accepted', content: { 'application/json': { schema: JobAcceptedSchema } } },
        404: errorResponse('no such product'),
        409: errorResponse('Idempotency-Key reused with another body'),
        422: errorResponse('unknown shops'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? { force: false, mode: 'apply' as const };
      const [exists] = await deps.sequelize.query<{ id: number }>(`SELECT id FROM products WHERE id = $1`, { bind: [id], type: QueryTypes.SELECT });
      if (!exists) throw new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id ${id}`);
      const started = await startProductSyncJob(deps, { productId: id, ...body, userId: jobUserId(c), idempotencyKey: idempotencyKey(c) }).catch(mapStartError);
      c.header('Location', statusUrl(started.jobId));
      return c.json({ jobId: started.jobId, statusUrl: statusUrl(started.jobId), created: started.created }, 202);
    },
  );
  return app;
}
