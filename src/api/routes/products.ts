import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { DbId, DbIdText, IdParam } from '../openapi/params';
import type { Sequelize } from 'sequelize';
import { catalogCall } from '../catalogCall';
import { ProductCatalog } from '../../catalog/productCatalog';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';

/** Money and quantities travel as decimal strings, never JSON numbers (no float rounding on the way). */
const decimal = (intDigits: number, scale: number, opts: { negative?: boolean } = {}) =>
  z
    .string()
    .regex(new RegExp(`^${opts.negative ? '-?' : ''}\\d{1,${intDigits}}(\\.\\d{1,${scale}})?$`), `expected a decimal string with at most ${intDigits} digits before and ${scale} after the point, e.g. "19.99"`);
const Price = decimal(11, 4);
/** 0–100 with up to 2 decimals, as a pattern (so the contract says what is accepted, not only the server). */
const VatRate = z.string().regex(/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, 'a VAT rate from 0 to 100 with at most 2 decimals, e.g. "23"');
const Quantity = decimal(11, 4, { negative: true });
const Weight = decimal(8, 4);
const Status = z.enum(['active', 'inactive', 'archived']);
const text = (max: number) => z.string().max(max);

const central = {
  name: text(255).trim().min(1),
  description: z.string().max(100_000).nullable(),
  shortDescription: z.string().max(10_000).nullable(),
  ean: z.string().regex(/^\d{8,14}$/, 'expected 8 to 14 digits').nullable(),
  unit: text(16).nullable(),
  priceNet: Price.nullable(),
  vatRate: VatRate.nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as PLN'),
  weightKg: Weight.nullable(),
  stock: Quantity,
  status: Status,
  categoryIds: z.array(DbId).max(100),
};
const Sku = z.string().trim().min(1).max(64).regex(/^[^\s]+$/, 'a SKU has no spaces');

const CreateBody = z
  .object({ sku: Sku, ...central, name: central.name })
  .partial()
  .required({ sku: true, name: true })
  .strict()
  .openapi('ProductCreate');
const PatchBody = z.object({ sku: Sku, ...central }).partial().strict().openapi('ProductPatch');
const ShopOverridesBody = z
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
        status: z.enum(['never_pushed', 'in_sync', 'outdated', 'error', 'compensation_failed']),
        remoteId: z.number().nullable(),
        lastPushedAt: z.string().nullable(),
        lastError: z.object({ code: z.string(), message: z.string().nullable(), at: z.string().nullable() }).nullable(),
      }),
    }),
  ),
}).openapi('ProductDetail');

const ListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  skuPrefix: z.string().min(1).max(64).optional(),
  status: Status.optional(),
  erpSourceId: DbIdText.optional(),
  q: z.string().min(1).max(200).optional(),
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const notFound = (id: number) => new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id ${id}`);

/**
 * The central catalogue for the frontend. Reads need the user role; writes the manager role. Sync of a product
 * (`/products/:id/sync`) and bulk jobs (`/products/bulk`) live with the jobs API, not here.
 */
export function productRoutes({ sequelize }: { sequelize: Sequelize }) {
  const catalog = new ProductCatalog(sequelize);
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/',
      tags: ['products'],
      summary: 'Products, paged and filtered (SKU prefix, status, ERP source, text in the name)',
      middleware: [requireRole('user')] as const,
      request: { query: ListQuery },
      responses: {
        200: json(z.object({ items: z.array(ProductSchema), total: z.number(), page: z.number(), pageSize: z.number() }), 'a page of products'),
        400: errorResponse('invalid filter'),
      },
    }),
    async (c) => c.json(await catalog.list(c.req.valid('query')), 200),
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/{id}',
      tags: ['products'],
      summary: 'One product with its per-shop overrides, categories, images and ledger status per shop',
      middleware: [requireRole('user')] as const,
      request: { params: IdParam },
      responses: { 200: json(ProductDetailSchema, 'the product'), 404: errorResponse('no such product') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const p = await catalog.get(id);
      if (!p) throw notFound(id);
      return c.json(p, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/',
      tags: ['products'],
      summary: 'Create a product in the central catalogue',
      middleware: [requireRole('manager')] as const,
      request: body(CreateBody),
      responses: {
        201: json(ProductDetailSchema, 'created'),
        400: errorResponse('invalid product'),
        409: errorResponse('SKU taken'),
        422: errorResponse('unknown category'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json') as z.infer<typeof CreateBody> & { sku: string; name: string };
      const created = await catalogCall(() => catalog.create(input));
      return c.json(created, 201, { Location: `/api/v1/products/${created.id}` });
    },
  );

  app.openapi(
    apiRoute({
      method: 'patch',
      path: '/{id}',
      tags: ['products'],
      summary: "Change central fields (fields owned by the product's ERP are refused with 409)",
      middleware: [requireRole('manager')] as const,
      request: { params: IdParam, ...body(PatchBody) },
      responses: {
        200: json(ProductDetailSchema, 'the changed product'),
        400: errorResponse('invalid change'),
        404: errorResponse('no such product'),
        409: errorResponse('SKU taken, or field owned by the ERP'),
        422: errorResponse('unknown category'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const p = await catalogCall(() => catalog.update(id, c.req.valid('json')));
      if (!p) throw notFound(id);
      return c.json(p, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'delete',
      path: '/{id}',
      tags: ['products'],
      summary: 'Archive a product (soft delete; it keeps its history and ledger)',
      middleware: [requireRole('manager')] as const,
      request: { params: IdParam },
      responses: { 200: json(ProductDetailSchema, 'the archived product'), 404: errorResponse('no such product') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const p = await catalogCall(() => catalog.archive(id));
      if (!p) throw notFound(id);
      return c.json(p, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'put',
      path: '/{id}/shops/{shopId}',
      tags: ['products'],
      summary: "Set a product's overrides for one shop (absent fields fall back to the central values)",
      middleware: [requireRole('manager')] as const,
      request: { params: IdParam.extend({ shopId: DbIdText }), ...body(ShopOverridesBody) },
      responses: { 200: json(ProductDetailSchema, 'the product'), 400: errorResponse('invalid overrides'), 404: errorResponse('no such product or shop') },
    }),
    async (c) => {
      const { id, shopId } = c.req.valid('param');
      const p = await catalogCall(() => catalog.putShopOverrides(id, shopId, c.req.valid('json')));
      if (!p) throw notFound(id);
      return c.json(p, 200);
    },
  );
  return app;
}
