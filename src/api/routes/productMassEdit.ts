import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Sequelize } from 'sequelize';
import { actorOf } from '../../catalog/changeActor';
import { MassEdit, type MassEditLimits } from '../../catalog/massEdit/massEdit';
import { MassEditChangesSchema, MassEditSelectionSchema } from '../schemas/massEditSchemas';
import type { AppEnv } from '../appEnv';
import { catalogCall } from '../catalogCall';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';

const State = z.object({ status: z.string(), priceNet: z.string().nullable(), categoryIds: z.array(z.number().int()) });
const PreviewSchema = z
  .object({
    token: z.string().openapi({ description: 'pass to POST /products/mass-edit/confirm; bound to these products at their current versions' }),
    expiresAt: z.string(),
    counts: z.object({ selected: z.number().int(), willChange: z.number().int(), unchanged: z.number().int() }),
    skipped: z.array(z.object({ field: z.string(), reason: z.string(), count: z.number().int() })).openapi({ description: 'fields left alone, e.g. a price the ERP owns' }),
    sample: z.array(z.object({ id: z.number().int(), sku: z.string(), changedFields: z.array(z.string()), before: State, after: State })),
  })
  .openapi('MassEditPreview');
const ResultSchema = z.object({ applied: z.number().int(), unchanged: z.number().int(), productIds: z.array(z.number().int()) }).openapi('MassEditResult');
const PreviewBody = z
  .object({
    selection: MassEditSelectionSchema,
    changes: MassEditChangesSchema,
    sampleSize: z.number().int().min(0).max(100).optional().openapi({ description: 'how many changing products to show before → after (default 20)' }),
  })
  .strict()
  .openapi('MassEditPreviewRequest');
const ConfirmBody = z.object({ token: z.string().regex(/^me_[A-Za-z0-9_-]{43}$/, 'a token returned by the preview') }).strict().openapi('MassEditConfirmRequest');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/**
 * Mass edit of catalogue products (manager+): preview (counts, sample before → after, confirm token), then
 * confirm. The token is the precondition (like If-Match for one product): 412 when a selected product changed.
 */
export function productMassEditRoutes({ sequelize, limits }: { sequelize: Sequelize; limits: MassEditLimits }) {
  const massEdit = new MassEdit(sequelize, limits);
  const app = new OpenAPIHono<AppEnv>();
  const principalKey = (p: { kind: string; id: number }) => `${p.kind}:${p.id}`;

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/mass-edit/preview',
      tags: ['products'],
      summary: 'Preview a change of many products (status, price by set/percent/amount with rounding, categories) over ids or a list filter; returns counts, a sample before → after and a confirm token',
      description: `Writes nothing to the products. The selection is resolved now (a filter's later matches are not included) and held with each product's version until the token expires (MASS_EDIT_PREVIEW_MINUTES). At most MASS_EDIT_MAX_PRODUCTS products (more: 422).`,
      middleware: [requireRole('manager')] as const,
      request: body(PreviewBody),
      responses: {
        200: json(PreviewSchema, 'the preview and its confirm token'),
        422: errorResponse('no change given, conflicting changes, unknown product or category, a price that would become negative or too large, nothing or too much selected (details.fields names it)'),
      },
    }),
    async (c) => {
      const { selection, changes, sampleSize } = c.req.valid('json');
      const p = c.get('principal')!;
      return c.json(await catalogCall(() => massEdit.preview(selection, changes, principalKey(p), sampleSize ?? 20)), 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/mass-edit/confirm',
      tags: ['products'],
      summary: 'Apply a previewed mass edit, all products or none; refused when any selected product changed since the preview',
      middleware: [requireRole('manager')] as const,
      request: body(ConfirmBody),
      responses: {
        200: json(ResultSchema, 'applied'),
        404: errorResponse('no preview with this token for the caller'),
        409: errorResponse('the preview was already applied, or expired (MASS_EDIT_APPLIED, MASS_EDIT_EXPIRED)'),
        412: errorResponse('a selected product changed since the preview (PRECONDITION_FAILED, details.changedProductIds): preview again'),
      },
    }),
    async (c) => {
      const p = c.get('principal')!;
      return c.json(await catalogCall(() => massEdit.confirm(c.req.valid('json').token, principalKey(p), actorOf(p))), 200);
    },
  );
  return app;
}
