import { shopView } from '../../api/routes/shops';
import type { CategoryNode } from '../../catalog/categories/categoryTree';
import type { ProductShopView } from '../../catalog/productCatalog';
import { productETag } from '../../catalog/productETag';
import type { ProductView } from '../../catalog/productRow';
import type { ErpSourceRecord } from '../../db/models/ErpSourceRecord';
import { requireRoleIn } from '../access';
import type { GraphqlContext } from '../context';

type Args = Record<string, any>;
const entries = (m: Record<string, number> | null | undefined) => Object.entries(m ?? {}).map(([key, id]) => ({ key, id }));

/** The product's details (categories, images, shops, ERP ownership), batched over the whole page. */
async function detailOf(p: ProductView, ctx: GraphqlContext) {
  const d = await ctx.loaders.productDetail.load(p.id);
  if (!d) throw new Error(`product ${p.id} vanished during the request`);
  return d;
}

/** Field resolvers of the object types (those that are not plain properties of the service's view). */
export const typeResolvers = {
  Product: {
    erpSourceId: (p: ProductView) => p.erp?.sourceId ?? null,
    erpExternalId: (p: ProductView) => p.erp?.externalId ?? null,
    etag: (p: ProductView) => productETag(p),
    erpSource(p: ProductView, _: Args, ctx: GraphqlContext) {
      requireRoleIn(ctx, 'manager');
      return p.erp ? ctx.loaders.erpSource.load(p.erp.sourceId) : null;
    },
    erpOwnedFields: async (p: ProductView, _: Args, ctx: GraphqlContext) => (await detailOf(p, ctx)).erpOwnedFields,
    categories: async (p: ProductView, _: Args, ctx: GraphqlContext) => (await detailOf(p, ctx)).categories,
    images: async (p: ProductView, _: Args, ctx: GraphqlContext) => (await detailOf(p, ctx)).images.map((i) => ({ ...i, productId: p.id })),
    async translations(p: ProductView, _: Args, ctx: GraphqlContext) {
      const texts = (await ctx.loaders.translations.load(p.id)) ?? {};
      return Object.entries(texts).map(([language, t]) => ({ language, ...t }));
    },
    async shops(p: ProductView, args: Args, ctx: GraphqlContext) {
      const shops = (await detailOf(p, ctx)).shops;
      return args.shopId == null ? shops : shops.filter((s) => s.shopId === args.shopId);
    },
  },
  ProductCategory: {
    async category(c: { id: number }, _: Args, ctx: GraphqlContext) {
      return (await ctx.loaders.categories()).byId.get(c.id) ?? null;
    },
  },
  ProductImage: {
    contentUrl: (i: { id: number; productId: number }) => `/api/v1/products/${i.productId}/images/${i.id}/content`,
  },
  ProductShop: {
    async shop(s: ProductShopView, _: Args, ctx: GraphqlContext) {
      requireRoleIn(ctx, 'manager');
      const shop = await ctx.loaders.shop.load(s.shopId);
      return shop ? shopView(shop) : null;
    },
    sync: (s: ProductShopView) => s.ledger,
  },
  Category: {
    names: (c: CategoryNode) => Object.entries(c.names).map(([language, name]) => ({ language, name })),
    erpSourceId: (c: CategoryNode) => c.erp?.sourceId ?? null,
    erpGroupId: (c: CategoryNode) => c.erp?.groupId ?? null,
    async parent(c: CategoryNode, _: Args, ctx: GraphqlContext) {
      return c.parentId === null ? null : ((await ctx.loaders.categories()).byId.get(c.parentId) ?? null);
    },
    /** Children in tree order; a category from a product's list resolves through the request's one tree read. */
    async children(c: CategoryNode, _: Args, ctx: GraphqlContext) {
      return c.children ?? (await ctx.loaders.categories()).byId.get(c.id)?.children ?? [];
    },
  },
  Shop: {
    languageMap: (s: { languageMap: Record<string, number> }) => entries(s.languageMap),
    taxRulesMap: (s: { taxRulesMap: Record<string, number> }) => entries(s.taxRulesMap),
  },
  ErpSource: {
    lastPullAt: (s: ErpSourceRecord) => s.lastPullAt?.toISOString() ?? null,
    createdAt: (s: ErpSourceRecord) => s.createdAt.toISOString(),
    updatedAt: (s: ErpSourceRecord) => s.updatedAt.toISOString(),
    categoryParentId: (s: ErpSourceRecord) => s.categoryParentId ?? null,
  },
};
