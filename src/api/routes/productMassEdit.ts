import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { resolveShopIds, startBulkJob, UnknownShopsError } from '../../jobs/jobStarter';
import { MassEditRunningError, startMassEditJob } from '../../jobs/massEditJobStarter';
import type { MassEditPush } from '../../../workflows/massEditIds';
import { ApiError } from '../apiError';
import { DbId } from '../openapi/params';
import { jobUserId } from './jobPrincipal';
import { actorOf } from '../../catalog/changeActor';
import { MassEdit, type MassEditLimits } from '../../catalog/massEdit/massEdit';
import { MassEditChangesSchema, MassEditSelectionSchema } from '../schemas/massEditSchemas';
import type { AppEnv } from '../appEnv';
import { catalogCall } from '../catalogCall';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';

const State = z.object({
  status: z.string(),
  priceNet: z.string().nullable(),
  categoryIds: z.array(z.number().int()),
  shops: z
    .record(z.string(), z.object({ priceNet: z.string().nullable(), active: z.boolean().nullable() }))
    .optional()
    .openapi({ description: 'by shop id: the overrides in the shops the change names (null: the central value applies)' }),
});
const PreviewSchema = z
  .object({
    token: z.string().openapi({ description: 'pass to POST /products/mass-edit/confirm; bound to these products at their current versions' }),
    expiresAt: z.string(),
    counts: z.object({ selected: z.number().int(), willChange: z.number().int(), unchanged: z.number().int() }),
    skipped: z.array(z.object({ field: z.string(), reason: z.string(), count: z.number().int() })).openapi({ description: 'fields left alone, e.g. a price the ERP owns' }),
    sample: z.array(z.object({ id: z.number().int(), sku: z.string(), changedFields: z.array(z.string()), before: State, after: State })),
  })
  .openapi('MassEditPreview');
const JobLink = z.object({ id: z.string(), links: z.object({ self: z.string() }) });
const ResultSchema = z
  .object({
    applied: z.number().int(),
    unchanged: z.number().int(),
    productIds: z.array(z.number().int()).openapi({ description: 'the products changed' }),
    pushJob: JobLink.nullable().openapi({ description: 'the bulk push job of the changed products (when `push` was asked for and any changed)' }),
  })
  .openapi('MassEditResult');
const JobRefSchema = z
  .object({ id: z.string(), type: z.literal('massEditWorkflow'), selected: z.number().int(), links: z.object({ self: z.string() }) })
  .openapi('MassEditJobRef');
const PreviewBody = z
  .object({
    selection: MassEditSelectionSchema,
    changes: MassEditChangesSchema,
    sampleSize: z.number().int().min(0).max(100).optional().openapi({ description: 'how many changing products to show before → after (default 20)' }),
  })
  .strict()
  .openapi('MassEditPreviewRequest');
const ConfirmBody = z
  .object({
    token: z.string().regex(/^me_[A-Za-z0-9_-]{43}$/, 'a token returned by the preview'),
    push: z
      .object({
        operation: z.enum(['create', 'update']).openapi({ description: 'the bulk operation (as POST /products/bulk) over the changed products' }),
        shopIds: z.array(DbId).min(1).max(100).optional().openapi({ description: 'active shops; default every active shop' }),
      })
      .strict()
      .optional()
      .openapi({ description: 'then push the changed products to shops: starts a bulk job over exactly them' }),
  })
  .strict()
  .openapi('MassEditConfirmRequest');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/**
 * Mass edit of catalogue products (manager+): preview (counts, sample before → after, confirm token), then
 * confirm. The token is the precondition (like If-Match for one product): 412 when a selected product changed.
 */
export interface MassEditRouteDeps {
  sequelize: Sequelize;
  temporal: Client;
  taskQueue: string;
  limits: MassEditLimits;
  /** MASS_EDIT_INLINE_MAX_PRODUCTS: a confirm of a larger preview runs as a job (202) */
  inlineMaxProducts: number;
}

const jobLink = (id: string) => ({ id, links: { self: `/api/v1/jobs/${encodeURIComponent(id)}` } });

const massEditPreviewRoute = apiRoute({
  method: 'post',
  path: '/mass-edit/preview',
  tags: ['products'],
  summary:
    'Preview a change of many products (status, price by set/percent/amount with rounding, categories, per-shop price and active overrides) over ids or a list filter; returns counts, a sample before → after and a confirm token',
  description: `Writes nothing to the products. The selection is resolved now (a filter's later matches are not included) and held with each product's version until the token expires (MASS_EDIT_PREVIEW_MINUTES). At most MASS_EDIT_MAX_PRODUCTS products (more: 422).`,
  middleware: [requireRole('manager')] as const,
  request: body(PreviewBody),
  responses: {
    200: json(PreviewSchema, 'the preview and its confirm token'),
    422: errorResponse(
      'no change given, conflicting changes, unknown product, category or shop, a shop named twice, a price (central or in a shop) that would become negative or too large, nothing or too much selected (details.fields names it)',
    ),
  },
});

const massEditConfirmRoute = apiRoute({
  method: 'post',
  path: '/mass-edit/confirm',
  tags: ['products'],
  summary: 'Apply a previewed mass edit, all products or none; refused when any selected product changed since the preview; optionally push the changed products to shops',
  description: [
    'Up to MASS_EDIT_INLINE_MAX_PRODUCTS selected products the edit is applied within the request (200). A larger selection is applied by a job (202, still one transaction): its status, and once done its result (applied, unchanged, pushJobId), in GET /jobs/{id}; a refusal found by the job (a product changed since the preview: PRECONDITION_FAILED) fails the job with that code.',
    '`push` starts a bulk push job (as POST /products/bulk) over exactly the changed products once the edit is applied; none when nothing changed.',
  ].join('\n\n'),
  middleware: [requireRole('manager')] as const,
  request: body(ConfirmBody),
  responses: {
    200: json(ResultSchema, 'applied (and the push job started, when asked for)'),
    202: json(JobRefSchema, 'a large selection: applied by a job (Location: the job)'),
    404: errorResponse('no preview with this token for the caller'),
    409: errorResponse('the preview was already applied, expired, or is being applied by a job (MASS_EDIT_APPLIED, MASS_EDIT_EXPIRED, MASS_EDIT_RUNNING)'),
    412: errorResponse('a selected product changed since the preview (PRECONDITION_FAILED, details.changedProductIds): preview again'),
    422: errorResponse('push to unknown or inactive shops (UNKNOWN_SHOPS); nothing applied'),
  },
});

export function productMassEditRoutes({ sequelize, temporal, taskQueue, limits, inlineMaxProducts }: MassEditRouteDeps) {
  const massEdit = new MassEdit(sequelize, limits);
  const app = new OpenAPIHono<AppEnv>();
  const principalKey = (p: { kind: string; id: number }) => `${p.kind}:${p.id}`;

  app.openapi(
    massEditPreviewRoute,
    async (c) => {
      const { selection, changes, sampleSize } = c.req.valid('json');
      const p = c.get('principal')!;
      return c.json(await catalogCall(() => massEdit.preview(selection, changes, principalKey(p), sampleSize ?? 20)), 200);
    },
  );

  app.openapi(
    massEditConfirmRoute,
    async (c) => {
      const p = c.get('principal')!;
      const { token, push: pushReq } = c.req.valid('json');
      const principal = principalKey(p);
      const userId = jobUserId(c);
      const { previewId, selected } = await catalogCall(() => massEdit.confirmable(token, principal));
      let push: MassEditPush | null = null;
      if (pushReq) {
        try {
          push = { operation: pushReq.operation, shopIds: await resolveShopIds(sequelize, pushReq.shopIds) };
        } catch (e) {
          if (e instanceof UnknownShopsError) throw new ApiError(422, 'UNKNOWN_SHOPS', e.message, { shopIds: e.shopIds, fields: [{ field: 'push.shopIds', message: e.message }] });
          throw e;
        }
      }
      if (selected > inlineMaxProducts) {
        try {
          const { jobId } = await startMassEditJob({ temporal, sequelize, taskQueue }, { previewId, selected, principal, actor: actorOf(p), userId, push });
          const ref = jobLink(jobId);
          c.header('Location', ref.links.self);
          return c.json({ ...ref, type: 'massEditWorkflow' as const, selected }, 202);
        } catch (e) {
          if (e instanceof MassEditRunningError) throw new ApiError(409, 'MASS_EDIT_RUNNING', e.message, { jobId: e.jobId });
          throw e;
        }
      }
      const result = await catalogCall(() => massEdit.confirm(token, principal, actorOf(p)));
      let pushJob: { id: string; links: { self: string } } | null = null;
      if (push && result.productIds.length) {
        const started = await startBulkJob({ temporal, sequelize, taskQueue }, { operation: push.operation, productIds: result.productIds, shopIds: push.shopIds, userId });
        pushJob = jobLink(started.jobId);
      }
      return c.json({ ...result, pushJob }, 200);
    },
  );
  return app;
}
