import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Sequelize } from 'sequelize';
import { CategoryShopMap } from '../../catalog/categories/categoryShopMap';
import { CategoryTree } from '../../catalog/categories/categoryTree';
import { LANGUAGE_CODE } from '../../catalog/languages';
import { ApiError } from '../apiError';
import { catalogCall } from '../catalogCall';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';
import { DbId, DbIdText, IdParam, INT4_MAX, propertyNames } from '../openapi/params';

/** PrestaShop category names: at most 128 characters, none of `< > ; = # { }` (isCatalogName). */
const CategoryName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[^<>;=#{}]*$/, 'a category name may not contain < > ; = # { }');
const Names = z.record(z.string().regex(LANGUAGE_CODE), CategoryName).openapi(propertyNames({ minLength: 2, maxLength: 3, anyOf: [{ pattern: '^[a-z]{2,3}$' }] }, { description: 'name per language code' }));
const Position = z.number().int().min(0).max(INT4_MAX);

const CategorySchema = z
  .object({
    id: z.number(),
    parentId: z.number().nullable(),
    position: z.number(),
    name: z.string(),
    names: z.record(z.string(), z.string()),
    path: z.array(z.string()),
    erp: z.object({ sourceId: z.number(), groupId: z.string() }).nullable(),
    productCount: z.number(),
    childCount: z.number(),
  })
  .openapi('Category');
type Node = z.infer<typeof CategorySchema> & { children: Node[] };
const CategoryNodeSchema: z.ZodType<Node> = CategorySchema.extend({ children: z.array(z.lazy(() => CategoryNodeSchema)) }).openapi('CategoryNode') as never;
const MappingSchema = z
  .object({ categoryId: z.number(), path: z.array(z.string()), remoteId: z.number().nullable(), mode: z.enum(['pinned', 'automatic', 'unmapped']), conflictsWith: z.array(z.number()) })
  .openapi('CategoryMapping');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const ShopParams = IdParam.extend({ shopId: DbIdText.openapi({ param: { name: 'shopId', in: 'path' } }) });

const listCategoriesRoute = apiRoute({
  method: 'get',
  path: '/',
  tags: ['categories'],
  summary: 'The category tree (view=tree, default) or every category flat with its path (view=flat)',
  middleware: [requireRole('user')] as const,
  request: { query: z.object({ view: z.enum(['tree', 'flat']).default('tree') }) },
  responses: { 200: json(z.object({ items: z.array(CategoryNodeSchema).or(z.array(CategorySchema)) }), 'categories') },
});

const getCategoryRoute = apiRoute({
  method: 'get',
  path: '/{id}',
  tags: ['categories'],
  summary: 'One category',
  middleware: [requireRole('user')] as const,
  request: { params: IdParam },
  responses: { 200: json(CategorySchema, 'the category'), 404: errorResponse('no such category') },
});

const createCategoryRoute = apiRoute({
  method: 'post',
  path: '/',
  tags: ['categories'],
  summary: "Create a category (a name in the catalogue's default language is required)",
  middleware: [requireRole('manager')] as const,
  request: body(z.object({ parentId: DbId.nullable().optional(), names: Names, position: Position.optional() }).strict().openapi('CategoryCreate')),
  responses: { 201: json(CategorySchema, 'created'), 409: errorResponse('a sibling has this name'), 422: errorResponse('unknown parent or language, or no default-language name') },
});

const updateCategoryRoute = apiRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['categories'],
  summary: 'Rename (names per language) and/or move (parentId, null = top level; position) a category',
  middleware: [requireRole('manager')] as const,
  request: { params: IdParam, ...body(z.object({ names: Names.optional(), parentId: DbId.nullable().optional(), position: Position.optional() }).strict().openapi('CategoryPatch')) },
  responses: { 200: json(CategorySchema, 'the category'), 404: errorResponse('no such category'), 409: errorResponse('a sibling has this name'), 422: errorResponse('unknown parent or language, or a move into itself') },
});

const deleteCategoryRoute = apiRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['categories'],
  summary: 'Delete a category; refused while it has products or children unless reassignTo names where they go',
  middleware: [requireRole('manager')] as const,
  request: { params: IdParam, query: z.object({ reassignTo: DbIdText.optional() }) },
  responses: { 204: { description: 'deleted' }, 404: errorResponse('no such category'), 409: errorResponse('still has products or children'), 422: errorResponse('unknown reassignTo, or inside the deleted category') },
});

const shopCategoryMappingRoute = apiRoute({
  method: 'get',
  path: '/shops/{id}/mapping',
  tags: ['categories'],
  summary: 'How every central category maps to a category of shop {id}: pinned, automatic or unmapped, with conflicts',
  middleware: [requireRole('user')] as const,
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(MappingSchema) }), 'the mapping'), 404: errorResponse('no such shop') },
});

const mapCategoryToShopRoute = apiRoute({
  method: 'put',
  path: '/{id}/shops/{shopId}',
  tags: ['categories'],
  summary: 'Pin category {id} to an existing category of shop {shopId} (the push then never changes it)',
  middleware: [requireRole('admin')] as const,
  request: { params: ShopParams, ...body(z.object({ remoteId: DbId }).strict().openapi('CategoryPin')) },
  responses: { 204: { description: 'pinned' }, 404: errorResponse('no such category or shop') },
});

const unmapCategoryFromShopRoute = apiRoute({
  method: 'delete',
  path: '/{id}/shops/{shopId}',
  tags: ['categories'],
  summary: 'Forget the mapping of category {id} in shop {shopId}: the next push maps it automatically',
  middleware: [requireRole('admin')] as const,
  request: { params: ShopParams },
  responses: { 204: { description: 'unmapped' }, 404: errorResponse('no such shop') },
});

/** The central category tree (reads: user; writes: manager) and its per-shop mapping (view: user; pin: admin). */
export function categoryRoutes({ sequelize, defaultLanguage }: { sequelize: Sequelize; defaultLanguage: string }) {
  const tree = new CategoryTree(sequelize, defaultLanguage);
  const mapping = new CategoryShopMap(sequelize);
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    listCategoriesRoute,
    async (c) => {
      const { view } = c.req.valid('query');
      return c.json({ items: view === 'flat' ? await tree.list() : await tree.tree() }, 200);
    },
  );

  app.openapi(
    getCategoryRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const found = await tree.get(id);
      if (!found) throw new ApiError(404, 'CATEGORY_NOT_FOUND', `No category with id ${id}`);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createCategoryRoute,
    async (c) => {
      const created = await catalogCall(() => tree.create(c.req.valid('json')));
      return c.json(created, 201, { Location: `/api/v1/categories/${created.id}` });
    },
  );

  app.openapi(
    updateCategoryRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await catalogCall(() => tree.change(id, c.req.valid('json')));
      return c.json(result, 200);
    },
  );

  app.openapi(
    deleteCategoryRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      await catalogCall(() => tree.delete(id, c.req.valid('query').reassignTo));
      return c.body(null, 204);
    },
  );

  app.openapi(
    shopCategoryMappingRoute,
    async (c) => c.json({ items: await catalogCall(() => mapping.list(c.req.valid('param').id)) }, 200),
  );

  app.openapi(
    mapCategoryToShopRoute,
    async (c) => {
      const { id, shopId } = c.req.valid('param');
      await catalogCall(() => mapping.pin(id, shopId, c.req.valid('json').remoteId));
      return c.body(null, 204);
    },
  );

  app.openapi(
    unmapCategoryFromShopRoute,
    async (c) => {
      const { id, shopId } = c.req.valid('param');
      await catalogCall(() => mapping.unpin(id, shopId));
      return c.body(null, 204);
    },
  );
  return app;
}
