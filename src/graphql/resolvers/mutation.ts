import { ApiError } from '../../api/apiError';
import { catalogCall } from '../../api/catalogCall';
import { jobUserId } from '../../api/routes/jobPrincipal';
import { ShopOverridesBody } from '../../api/routes/products';
import { ifMatchPrecondition } from '../../api/openapi/ifMatch';
import { ProductPatchBody } from '../../api/schemas/productSchemas';
import { mapStartError, ProductSyncBody, statusUrl } from '../../api/routes/productSync';
import { actorOf } from '../../catalog/changeActor';
import type { ProductDetail, WritePrecondition } from '../../catalog/productCatalog';
import { productETag } from '../../catalog/productETag';
import { productExists } from '../../catalog/productLookups';
import { assertRunningJobsWithinLimit } from '../../jobs/jobLimits';
import { startProductSyncJob } from '../../jobs/jobStarter';
import { requireRoleIn } from '../access';
import type { GraphqlContext } from '../context';
import { parseWith } from '../filters';

type Args = Record<string, any>;
const present = (o: Record<string, unknown> | null | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
const notFound = (id: number) => new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id ${id}`);

/** Mutations that save round trips; each runs the REST route's validation, role and service call. */
export const mutationResolvers = {
  /**
   * PATCH /products/{id} then PUT /products/{id}/shops/{shopId} for each shop, in one call. All input is validated
   * and every shop checked before the first write; If-Match guards the first write, and each later write
   * requires the version the previous one produced, so a concurrent change is never overwritten (it stops
   * the sequence with PRECONDITION_FAILED; details.applied names the steps already written).
   */
  async updateProduct(_: unknown, { input }: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'manager');
    const id: number = input.id;
    const patch = input.patch ? parseWith(ProductPatchBody, present(input.patch), 'input.patch') : undefined;
    const shops = ((input.shops ?? []) as Args[]).map((o, i) => {
      const { shopId, ...overrides } = o;
      return { shopId: shopId as number, overrides: parseWith(ShopOverridesBody, present(overrides), `input.shops.${i}`) };
    });
    const dup = shops.find((s, i) => shops.findIndex((t) => t.shopId === s.shopId) !== i);
    if (dup) throw new ApiError(400, 'VALIDATION_FAILED', `shop ${dup.shopId} appears twice in input.shops`, { target: 'input', fields: [{ field: 'input.shops', message: 'each shop once' }] });
    if (!patch && !shops.length) throw new ApiError(400, 'VALIDATION_FAILED', 'Give input.patch, input.shops or both', { target: 'input', fields: [{ field: 'input', message: 'nothing to change' }] });
    const precondition = ifMatchPrecondition(input.ifMatch ?? undefined, ctx.services.requireIfMatch);
    if (!(await ctx.loaders.productDetail.load(id))) throw notFound(id);
    for (const s of shops) if (!(await ctx.loaders.shop.load(s.shopId))) throw new ApiError(404, 'SHOP_NOT_FOUND', `No shop with id ${s.shopId}`);

    const actor = actorOf(ctx.principal);
    const applied: string[] = [];
    let product: ProductDetail | null = null;
    const step = async (name: string, write: (precondition: WritePrecondition | undefined) => Promise<ProductDetail | null>) => {
      const last = product;
      const cond: WritePrecondition | undefined = last ? (current) => current.version === last.version : precondition;
      try {
        product = await catalogCall(() => write(cond));
      } catch (e) {
        if (e instanceof ApiError && applied.length) throw new ApiError(e.status, e.code, e.message, { ...(e.details as object), applied });
        throw e;
      }
      if (!product) throw notFound(id);
      applied.push(name);
    };
    const { catalog } = ctx.services;
    if (patch) await step('patch', (precondition) => catalog.update(id, patch, { precondition, actor }));
    for (const s of shops) await step(`shop:${s.shopId}`, (precondition) => catalog.putShopOverrides(id, s.shopId, s.overrides, { precondition, actor }));
    const done = product as unknown as ProductDetail;
    ctx.loaders.productDetail.clear(id).prime(id, done);
    ctx.loaders.translations.clear(id);
    return { product: done, etag: productETag(done) };
  },

  /** POST /products/{id}/sync. */
  async syncProduct(_: unknown, { input }: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    const { productId, idempotencyKey, ...rest } = input as Args;
    const body = parseWith(ProductSyncBody, present(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null))), 'input');
    if (idempotencyKey != null && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      throw new ApiError(400, 'BAD_IDEMPOTENCY_KEY', 'idempotencyKey must be 1-255 printable ASCII characters');
    }
    const s = ctx.services;
    if (!(await productExists(s.sequelize, productId))) throw notFound(productId);
    const userId = jobUserId(ctx.http);
    await assertRunningJobsWithinLimit(s.temporal, s.limits, userId).catch(mapStartError);
    const deps = { temporal: s.temporal, sequelize: s.sequelize, taskQueue: s.taskQueue, limits: s.limits };
    const started = await startProductSyncJob(deps, { productId, ...body, userId, idempotencyKey: idempotencyKey ?? undefined }).catch(mapStartError);
    return { jobId: started.jobId, statusUrl: statusUrl(started.jobId), created: started.created };
  },
};
