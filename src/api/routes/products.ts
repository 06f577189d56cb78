import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { DbIdText, IdParam, intText } from '../openapi/params';
import type { Sequelize } from 'sequelize';
import { actorOf } from '../../catalog/changeActor';
import { LEDGER_STATUSES } from '../../catalog/ledgerStatus';
import { ListCursorError } from '../../catalog/listCursor';
import { catalogCall } from '../catalogCall';
import { ProductCatalog } from '../../catalog/productCatalog';
import { ProductHistory } from '../../catalog/productHistory';
import { ifMatchWrite, withETag } from '../openapi/ifMatch';
import { ProductWriteGuard } from '../productWriteGuard';
import type { Principal } from '../../auth/principal';
import { EXACT_TOTAL_CAP, ListQueryError, ProductList } from '../../catalog/productList';
import { ApiError } from '../apiError';
import { Price, ProductCreateBody, ProductListQuery, ProductPatchBody, ProductStatusSchema, ProductTextsSchema } from '../schemas/productSchemas';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';

const text = (max: number) => z.string().max(max);
const Status = ProductStatusSchema;
const CreateBody = ProductCreateBody;
const PatchBody = ProductPatchBody;
/** Shared with the GraphQL endpoint's updateProduct (src/graphql). */
export const ShopOverridesBody = z
  .object({
    name: text(255).trim().min(1).nullable(),
    description: z.string().max(100_000).nullable(),
    shortDescription: z.string().max(10_000).nullable(),
    priceNet: Price.nullable(),
    active: z.boolean().nullable(),
  })
  .partial()
  .strict()
  .openapi('ProductShopOverrides');

/** A product as the catalogue API returns it (also read by `ppm sync product`). */
export const ProductSchema = z
  .object({
    id: z.number(),
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    shortDescription: z.string().nullable(),
    ean: z.string().nullable(),
    unit: z.string().nullable(),
    priceNet: z.string().nullable(),
    vatRate: z.string().nullable(),
    currency: z.string(),
    weightKg: z.string().nullable(),
    stock: z.string(),
    status: Status,
    erp: z.object({ sourceId: z.number(), externalId: z.string().nullable() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().openapi({ description: 'rises with every change; the ETag is "p<id>v<version>"' }),
  })
  .openapi('Product');

const ProductDetailSchema = ProductSchema.extend({
  erpOwnedFields: z.array(z.string()),
  categories: z.array(z.object({ id: z.number(), name: z.string(), isPrimary: z.boolean() })),
  images: z.array(z.object({ id: z.number(), position: z.number(), isMain: z.boolean(), contentType: z.string(), sha256: z.string(), fromErp: z.boolean() })),
  shops: z.array(
    z.object({
      shopId: z.number(),
      shopName: z.string(),
      overrides: z
        .object({ name: z.string().nullable(), description: z.string().nullable(), shortDescription: z.string().nullable(), priceNet: z.string().nullable(), active: z.boolean().nullable() })
        .nullable(),
      ledger: z.object({
        status: z.enum(LEDGER_STATUSES),
        remoteId: z.number().nullable(),
        lastPushedAt: z.string().nullable(),
        lastError: z.object({ code: z.string(), message: z.string().nullable(), at: z.string().nullable() }).nullable(),
      }),
    }),
  ),
  translations: z
    .record(
      z.string(),
      ProductTextsSchema,
    )
    .openapi({ description: 'texts stored per language (language code → texts); the central name and descriptions are the default language' }),
}).openapi('ProductDetail');

const ListQuery = ProductListQuery;
const ListPage = z
  .object({
    items: z.array(ProductSchema),
    total: z.number().int(),
    totalExact: z.boolean().openapi({ description: `false: total is an estimate (more than ${EXACT_TOTAL_CAP} matches)` }),
    page: z.number().int().nullable().openapi({ description: 'null with cursor paging' }),
    pageSize: z.number().int(),
    nextCursor: z.string().nullable().openapi({ description: 'pass as cursor for the next page; null on the last page' }),
  })
  .openapi('ProductListPage');
const Actor = z
  .object({
    kind: z.enum(['user', 'service_token', 'import', 'erp_pull', 'system']),
    id: z.number().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    sourceId: z.number().nullable().optional(),
    jobId: z.string().nullable().optional(),
  })
  .openapi('ChangeActor');
const HistoryEntrySchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('change'),
      at: z.string(),
      operation: z.enum(['insert', 'update']),
      actor: Actor,
      fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).openapi({ description: 'API field name → { from, to }' }),
    }),
    z.object({
      type: z.literal('sync'),
      at: z.string(),
      shopId: z.number().nullable(),
      shopName: z.string().nullable(),
      jobId: z.string(),
      action: z.string(),
      outcome: z.string(),
      errorCode: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ])
  .openapi('ProductHistoryEntry');
const HistoryPage = z.object({ items: z.array(HistoryEntrySchema), nextBefore: z.string().nullable() }).openapi('ProductHistoryPage');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const notFound = (id: number) => new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id ${id}`);


/** Runs a listing, turning a bad cursor or query into a 400 naming the field. */
export async function listCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ListCursorError) throw new ApiError(400, 'INVALID_CURSOR', e.message, { fields: [{ field: 'cursor', message: e.message, code: e.reason }] });
    if (e instanceof ListQueryError) throw new ApiError(400, 'VALIDATION_FAILED', e.message, { target: 'query', fields: [{ field: e.field, message: e.message }] });
    throw e;
  }
}

const listProductsRoute = apiRoute({
  method: 'get',
  path: '/',
  tags: ['products'],
  summary: 'Find products: ranked text search, filters (status, ERP source, shop, sync state, updated since), sort, cursor or offset paging',
  middleware: [requireRole('user')] as const,
  request: { query: ListQuery },
  responses: {
    200: json(ListPage, 'a page of products'),
    400: errorResponse('invalid filter, or a cursor that was altered or belongs to other filters (INVALID_CURSOR, details.fields names it)'),
  },
});

const getProductRoute = apiRoute({
  method: 'get',
  path: '/{id}',
  tags: ['products'],
  summary: 'One product with its per-shop overrides, categories, images, translations and ledger status per shop',
  middleware: [requireRole('user')] as const,
  request: { params: IdParam },
  responses: { 200: withETag(ProductDetailSchema, 'the product'), 404: errorResponse('no such product') },
});

const productHistoryRoute = apiRoute({
  method: 'get',
  path: '/{id}/history',
  tags: ['products'],
  summary: "A product's audit trail (who changed which fields from what to what) merged with its sync history per shop, newest first",
  middleware: [requireRole('user')] as const,
  request: {
    params: IdParam,
    query: z.object({
      limit: intText(1, 200).optional().openapi({ description: 'default 50' }),
      before: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries older than this (nextBefore of the previous page)' }),
      shopId: DbIdText.optional().openapi({ description: "sync entries of this shop only (changes are always listed)" }),
    }),
  },
  responses: { 200: json(HistoryPage, 'the history, newest first'), 404: errorResponse('no such product') },
});

const createProductRoute = apiRoute({
  method: 'post',
  path: '/',
  tags: ['products'],
  summary: 'Create a product in the central catalogue',
  middleware: [requireRole('manager')] as const,
  request: body(CreateBody),
  responses: {
    201: withETag(ProductDetailSchema, 'created'),
    400: errorResponse('invalid product'),
    409: errorResponse('SKU taken'),
    422: errorResponse('unknown category'),
  },
});

const updateProductRoute = apiRoute(
  ifMatchWrite({
    method: 'patch',
    path: '/{id}',
    tags: ['products'],
    summary: "Change central fields (fields owned by the product's ERP are refused with 409)",
    middleware: [requireRole('manager')] as const,
    request: { params: IdParam, ...body(PatchBody) },
    responses: {
      200: withETag(ProductDetailSchema, 'the changed product'),
      400: errorResponse('invalid change'),
      404: errorResponse('no such product'),
      409: errorResponse('SKU taken, or field owned by the ERP'),
      422: errorResponse('unknown category'),
    },
  }),
);

const archiveProductRoute = apiRoute(
  ifMatchWrite({
    method: 'delete',
    path: '/{id}',
    tags: ['products'],
    summary: 'Archive a product (soft delete; it keeps its history and ledger)',
    middleware: [requireRole('manager')] as const,
    request: { params: IdParam },
    responses: { 200: withETag(ProductDetailSchema, 'the archived product'), 404: errorResponse('no such product') },
  }),
);

const putShopOverridesRoute = apiRoute(
  ifMatchWrite({
    method: 'put',
    path: '/{id}/shops/{shopId}',
    tags: ['products'],
    summary: "Set a product's overrides for one shop (absent fields fall back to the central values)",
    middleware: [requireRole('manager')] as const,
    request: { params: IdParam.extend({ shopId: DbIdText }), ...body(ShopOverridesBody) },
    responses: {
      200: withETag(ProductDetailSchema, 'the product'),
      400: errorResponse('invalid overrides'),
      404: errorResponse('no such product or shop'),
    },
  }),
);

/**
 * The central catalogue for the frontend. Reads need the user role; writes the manager role. Sync of a product
 * (`/products/:id/sync`) and bulk jobs (`/products/bulk`) live with the jobs API, not here.
 */
export function productRoutes({ sequelize, cursorSecret, requireIfMatch }: { sequelize: Sequelize; cursorSecret: string; requireIfMatch: boolean }) {
  const catalog = new ProductCatalog(sequelize);
  const finder = new ProductList(sequelize, cursorSecret);
  const history = new ProductHistory(sequelize);
  const guard = new ProductWriteGuard(sequelize, requireIfMatch);
  const app = new OpenAPIHono<AppEnv>();
  /** A write's If-Match precondition and its author (the audit trail's actor). */
  const writeOptions = (headers: { 'if-match'?: string }, principal: Principal) => ({ precondition: guard.precondition(headers), actor: actorOf(principal) });

  app.openapi(listProductsRoute, async (c) => {
    const { pageSize, ...rest } = c.req.valid('query');
    return c.json(await listCall(() => finder.list({ ...rest, pageSize: pageSize ?? 50 })), 200);
  });

  app.openapi(getProductRoute, async (c) => {
    const { id } = c.req.valid('param');
    const p = await catalog.get(id);
    if (!p) throw notFound(id);
    return c.json(p, 200, guard.etagOf(p));
  });

  app.openapi(productHistoryRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, ...rest } = c.req.valid('query');
    if (!(await history.exists(id))) throw notFound(id);
    return c.json((await history.list(id, { ...rest, limit: limit ?? 50 })) as z.infer<typeof HistoryPage>, 200);
  });

  app.openapi(createProductRoute, async (c) => {
    const input = c.req.valid('json') as z.infer<typeof CreateBody> & { sku: string; name: string };
    const created = await catalogCall(() => catalog.create(input, { actor: actorOf(c.get('principal')!) }));
    return c.json(created, 201, { Location: `/api/v1/products/${created.id}`, ...guard.etagOf(created) });
  });

  app.openapi(updateProductRoute, async (c) => {
    const { id } = c.req.valid('param');
    const p = await catalogCall(() => catalog.update(id, c.req.valid('json'), writeOptions(c.req.valid('header'), c.get('principal')!)));
    if (!p) throw notFound(id);
    return c.json(p, 200, guard.etagOf(p));
  });

  app.openapi(archiveProductRoute, async (c) => {
    const { id } = c.req.valid('param');
    const p = await catalogCall(() => catalog.archive(id, writeOptions(c.req.valid('header'), c.get('principal')!)));
    if (!p) throw notFound(id);
    return c.json(p, 200, guard.etagOf(p));
  });

  app.openapi(putShopOverridesRoute, async (c) => {
    const { id, shopId } = c.req.valid('param');
    const p = await catalogCall(() => catalog.putShopOverrides(id, shopId, c.req.valid('json'), writeOptions(c.req.valid('header'), c.get('principal')!)));
    if (!p) throw notFound(id);
    return c.json(p, 200, guard.etagOf(p));
  });
  return app;
}
