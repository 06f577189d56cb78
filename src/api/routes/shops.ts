import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { openJobIdsForShop } from '../../jobs/jobList';
import { apiRoute } from '../openapi/apiRoute';
import { DbId, IdParam, propertyNames } from '../openapi/params';
import { audit } from '../../auth/audit';
import { type SecretBox, secretHint } from '../../crypto/secretBox';
import type { OutboundPolicy } from '../../net/outboundPolicy';
import { testShopConnection } from '../../onboarding/shopConnectionTest';
import { encryptShopApiKey, type ShopKeyBinding } from '../../shops/shopCredentials';
import { shopExists } from '../../shops/shopLookups';
import type { SealedApiKey, ShopRecord } from '../../shops/shopRecord';
import { createShop, deleteShops, findShop, listShops, updateShop } from '../../shops/shopStore';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { ShopBaseUrl } from './shopUrl';
import { assertOutboundAllowed } from './outboundCheck';
import { credentialsRequired, updateAuditDetails } from './endpointChange';
import { throwNameTaken } from './nameTaken';

const IdMap = z.record(z.string().min(1).max(16), DbId).openapi(propertyNames({ minLength: 1, maxLength: 16 }));
export const ShopSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    baseUrl: z.string(),
    psVersion: z.string(),
    apiKeyHint: z.string().openapi({ description: 'masked; the API key itself is write-only' }),
    languageMap: IdMap,
    taxRulesMap: IdMap,
    missingTranslation: z.enum(['fallback', 'refuse']),
    rootCategoryId: z.number(),
    maxConcurrency: z.number(),
    maxRequestsPerSecond: z.number(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Shop');
const Writable = z.object({
  name: z.string().trim().min(1).max(200),
  baseUrl: ShopBaseUrl,
  psVersion: z.string().regex(/^[0-9][0-9.]{0,15}$/).optional(),
  apiKey: z.string().min(8).max(256).regex(/^\S+$/, 'no whitespace').openapi({ description: 'write-only' }),
  languageMap: IdMap.optional(),
  taxRulesMap: IdMap.optional(),
  missingTranslation: z.enum(['fallback', 'refuse']).optional().openapi({ description: "a shop language without a product translation: publish the catalogue's default language ('fallback') or refuse to publish ('refuse')" }),
  rootCategoryId: DbId.optional().openapi({ description: 'the shop category top-level central categories are mapped under (default 2, PrestaShop Home)' }),
  maxConcurrency: z.number().int().min(1).max(64).optional(),
  maxRequestsPerSecond: z.number().min(0.01).max(1000).optional().openapi({ description: 'stored as NUMERIC(8,2): rounded to 0.01' }),
  active: z.boolean().optional(),
});

/** A shop as the API shows it (no secret: the API key is write-only). */
export function shopView(s: ShopRecord) {
  return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

const nameTaken = (name: string | undefined) => (e: unknown) => throwNameTaken(e, `A shop is already named "${name}"`);
const shopNotFound = () => new ApiError(404, 'SHOP_NOT_FOUND', 'No such shop');

const listShopsRoute = apiRoute({
  method: 'get',
  path: '/',
  tags: ['shops'],
  summary: 'All shops (managers too, to choose targets; secrets are never shown)',
  middleware: [requireRole('manager')] as const,
  responses: { 200: { description: 'shops', content: { 'application/json': { schema: z.object({ items: z.array(ShopSchema) }) } } } },
});

const getShopRoute = apiRoute({
  method: 'get',
  path: '/{id}',
  tags: ['shops'],
  summary: 'One shop (managers too; secrets are never shown)',
  middleware: [requireRole('manager')] as const,
  request: { params: IdParam },
  responses: { 200: { description: 'shop', content: { 'application/json': { schema: ShopSchema } } }, 404: errorResponse('no such shop') },
});

const createShopRoute = apiRoute({
  method: 'post',
  path: '/',
  tags: ['shops'],
  summary: 'Register a shop (apiKey is write-only)',
  middleware: [requireRole('admin')] as const,
  request: { body: { content: { 'application/json': { schema: Writable.strict() } }, required: true } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: ShopSchema } } },
    422: errorResponse('baseUrl points at an internal address the operator has not allowed (OUTBOUND_REFUSED)'),
    409: errorResponse('name taken'),
  },
});

const updateShopRoute = apiRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['shops'],
  summary: 'Change a shop; send apiKey only to replace it (required again when baseUrl changes: the key is bound to its endpoint)',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: Writable.partial().strict() } }, required: true } },
  responses: {
    200: { description: 'updated', content: { 'application/json': { schema: ShopSchema } } },
    422: errorResponse('baseUrl changed without apiKey (CREDENTIALS_REQUIRED), or points at an internal address (OUTBOUND_REFUSED)'),
    404: errorResponse('no such shop'),
    409: errorResponse('name taken'),
  },
});

const deleteShopRoute = apiRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['shops'],
  summary: 'Remove a shop (its per-shop data and ledger go with it); refused while a job targets it',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam },
  responses: {
    204: { description: 'deleted' },
    404: errorResponse('no such shop'),
    409: errorResponse('a job that targets the shop has not closed (SHOP_HAS_OPEN_JOBS, details.jobIds): cancel or finish it first'),
  },
});

const TestReport = z
  .object({
    ok: z.boolean().openapi({ description: 'the shop answered and the key holds every permission PPM needs' }),
    error: z.object({ code: z.string(), message: z.string() }).nullable().openapi({ description: 'why the shop could not be reached or refused the key' }),
    version: z.string().nullable(),
    major: z.string(),
    shopName: z.string().nullable(),
    patchAvailable: z.boolean(),
    missingPermissions: z.array(z.object({ resource: z.string(), methods: z.array(z.string()) })),
    languages: z.array(z.object({ id: z.number(), isoCode: z.string(), name: z.string(), active: z.boolean() })),
    taxRuleGroups: z.array(z.object({ id: z.number(), name: z.string(), active: z.boolean(), rate: z.string().nullable() })),
    rootCategoryId: z.number().int().nullable().openapi({ description: 'the configured rootCategoryId (null when the shop could not be reached)' }),
    rootCategories: z.array(z.object({ id: z.number().int(), name: z.string() })).openapi({ description: 'the categories directly under the shop Home (2), to choose rootCategoryId from' }),
    setupNeeded: z.array(z.string()),
    proposal: z.object({ languageMap: z.record(z.string(), z.number()), taxRulesMap: z.record(z.string(), z.number()) }).nullable(),
  })
  .openapi('ShopTestReport');

const testShopRoute = apiRoute({
  method: 'post',
  path: '/{id}/test',
  tags: ['shops'],
  summary: "Test a shop live: version, the key's permissions, languages, tax rule groups, missing setup; discover proposes languageMap and taxRulesMap",
  middleware: [requireRole('admin')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object({ discover: z.boolean().default(false) }).strict() } }, required: true },
  },
  responses: { 200: { description: 'the report (ok: false with error when the shop cannot be reached)', content: { 'application/json': { schema: TestReport } } }, 404: errorResponse('no such shop') },
});

/** PrestaShop shops (admin). The API key is encrypted (AES-256-GCM, bound to the row) and never returned. */
export function shopRoutes(deps: { sequelize: Sequelize; secretBox: SecretBox; outbound: OutboundPolicy; temporal: Client }) {
  const app = new OpenAPIHono<AppEnv>();
  const { sequelize } = deps;
  const seal = (shop: ShopKeyBinding, apiKey: string): SealedApiKey => ({ apiKeyEncrypted: encryptShopApiKey(deps.secretBox, shop, apiKey), apiKeyHint: secretHint(apiKey) });
  const mustExist = async (id: number) => {
    if (!(await shopExists(sequelize, id))) throw shopNotFound();
  };

  app.openapi(listShopsRoute, async (c) => c.json({ items: (await listShops(sequelize)).map(shopView) }, 200));

  app.openapi(getShopRoute, async (c) => {
    const s = await findShop(sequelize, c.req.valid('param').id);
    if (!s) throw shopNotFound();
    return c.json(shopView(s), 200);
  });

  app.openapi(createShopRoute, async (c) => {
    const { apiKey, ...settings } = c.req.valid('json');
    assertOutboundAllowed(deps.outbound, [new URL(settings.baseUrl).hostname], 'baseUrl');
    const shop = await createShop(sequelize, settings, (row) => seal(row, apiKey)).catch(nameTaken(settings.name));
    await audit(c.get('principal'), 'shop.create', `shop:${shop.id}`, { name: shop.name, baseUrl: shop.baseUrl });
    return c.json(shopView(shop), 201);
  });

  app.openapi(updateShopRoute, async (c) => {
    const { id } = c.req.valid('param');
    const s = await findShop(sequelize, id);
    if (!s) throw shopNotFound();
    const { apiKey, ...settings } = c.req.valid('json');
    if (settings.baseUrl !== undefined) assertOutboundAllowed(deps.outbound, [new URL(settings.baseUrl).hostname], 'baseUrl');
    const moved = settings.baseUrl !== undefined && settings.baseUrl !== s.baseUrl ? { from: s.baseUrl, to: settings.baseUrl } : null;
    if (moved && !apiKey) throw credentialsRequired('apiKey', 'Changing baseUrl needs the API key again (the stored key is never sent to a new endpoint)');
    const baseUrl = settings.baseUrl ?? s.baseUrl;
    const updated = await updateShop(sequelize, id, { ...settings, ...(apiKey ? seal({ id, baseUrl }, apiKey) : {}) }).catch(nameTaken(settings.name));
    if (!updated) throw shopNotFound();
    await audit(c.get('principal'), 'shop.update', `shop:${id}`, updateAuditDetails(c.req.valid('json'), moved));
    return c.json(shopView(updated), 200);
  });

  app.openapi(deleteShopRoute, async (c) => {
    const { id } = c.req.valid('param');
    await mustExist(id);
    // Deleting the shop under a running job would pull its ledger and history out from under the worker.
    const jobIds = await openJobIdsForShop(deps.temporal, id);
    if (jobIds.length) {
      throw new ApiError(409, 'SHOP_HAS_OPEN_JOBS', `${jobIds.length} job(s) still target this shop: cancel or finish them first`, { jobIds });
    }
    if (!(await deleteShops(sequelize, [id]))) throw shopNotFound();
    await audit(c.get('principal'), 'shop.delete', `shop:${id}`);
    return c.body(null, 204);
  });

  app.openapi(testShopRoute, async (c) => {
    const { id } = c.req.valid('param');
    await mustExist(id);
    return c.json(await testShopConnection({ sequelize, secretBox: deps.secretBox, outbound: deps.outbound }, id, c.req.valid('json').discover), 200);
  });
  return app;
}
