import { QueryTypes } from 'sequelize';
import { createApp } from '../../src/api/app';
import { ConfigError, loadConfig } from '../../src/config/env';
import { ProductFilterSchema } from '../../src/graphql/filters';
import { listen } from '../../src/runtime/httpServer';
import { dropGraphqlPage, PRODUCT_PAGE_QUERY, type PageSeed, seedGraphqlPage } from '../../bench/graphqlPageSeed';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { codes, gql } from './graphqlClient';

/** POST /api/v1/graphql over HTTP: the product page with all relations, filters, paging, roles, mutations, limits, statement count. */
describe('GraphQL endpoint', () => {
  let stack: TestStack;
  let seed: PageSeed;
  let manager: Record<string, string>;
  let user: Record<string, string>;
  const call = (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => gql(stack.baseUrl, headers, query, variables);

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_USER: '100000' } });
    manager = await stack.authHeaders('manager');
    user = await stack.authHeaders('user');
    seed = await seedGraphqlPage(stack.sequelize, 50);
  });
  afterAll(async () => {
    if (seed) await dropGraphqlPage(stack.sequelize, seed);
    await stack?.stop();
  });

  it('answers a 50-product page with categories, images, translations, per-shop data, sync state and ERP source', async () => {
    const { status, body } = await call(manager, PRODUCT_PAGE_QUERY, { filter: { skuPrefix: seed.tag }, first: 50 });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const page = body.data.products;
    expect(page).toMatchObject({ totalCount: 50, totalExact: true, pageInfo: { hasNextPage: false, endCursor: null } });
    expect(page.nodes).toHaveLength(50);
    const [first, second, third] = page.nodes;
    expect(first.sku).toBe(`${seed.tag}-0001`);
    expect(first.etag).toBe(`"p${first.id}v${first.version}"`);
    expect(first.erpSource).toBeNull();
    expect(second).toMatchObject({ erpSourceId: seed.erpId, erpExternalId: 'X2', erpSource: { id: seed.erpId, kind: 'subiekt' } });
    expect(second.erpOwnedFields).toEqual(expect.arrayContaining(['priceNet', 'stock']));
    expect(first.categories.map((c: any) => [c.isPrimary, c.category.id])).toEqual([[true, seed.categoryIds[1]], [false, seed.categoryIds[0]]]);
    expect(first.categories[0].category).toMatchObject({ path: [`Narzędzia ${seed.tag}`, `Młotki ${seed.tag}`], parent: { id: seed.categoryIds[0] } });
    expect(first.images).toEqual([expect.objectContaining({ isMain: true, contentType: 'image/png', contentUrl: `/api/v1/products/${first.id}/images/${first.images[0].id}/content` })]);
    expect(first.translations.map((t: any) => t.language).sort()).toEqual(['en', 'pl']);
    expect(first.translations.find((t: any) => t.language === 'pl').name).toBe('Młotek 1');
    const inA = (p: any) => p.shops.find((s: any) => s.shopId === seed.shopA);
    expect(inA(first)).toMatchObject({ shopName: `A ${seed.tag}`, shop: { id: seed.shopA }, overrides: { priceNet: '9.9900', active: null }, sync: { status: 'outdated', lastError: null } });
    expect(inA(third).sync).toMatchObject({ status: 'error', lastError: { code: 'VALIDATION', message: 'name refused' } });
    expect(first.shops.find((s: any) => s.shopId === seed.shopB)).toMatchObject({ overrides: null, sync: { status: 'never_pushed' } });
    // Nothing secret travels: no API key, no ERP settings or credentials.
    expect(JSON.stringify(body)).not.toMatch(/10\.0\.0\.1|api_key|credentials/);
  });

  it('loads every relation of a page in a small constant number of SQL statements (not one per product)', async () => {
    const statements = async (first: number) => {
      let n = 0;
      stack.sequelize.addHook('beforeQuery', 'gql-count', () => {
        n++;
      });
      try {
        const { status, body } = await call(manager, PRODUCT_PAGE_QUERY, { filter: { skuPrefix: seed.tag }, first });
        expect(status).toBe(200);
        expect(body.data.products.nodes).toHaveLength(first);
      } finally {
        stack.sequelize.removeHook('beforeQuery', 'gql-count');
      }
      return n;
    };
    const for5 = await statements(5);
    const for50 = await statements(50);
    // Authentication, the list, one statement per relation (details: product rows, categories, images, shops ×
    // ledger, ERP ownership; translations: 2; category tree; shops; ERP sources). The first request of a token
    // may also record its use (one more statement), whatever the page size.
    expect(for50).toBeLessThanOrEqual(16);
    expect(Math.abs(for50 - for5)).toBeLessThanOrEqual(1);
  });

  it('filters exactly as GET /products does (same schema, same results) and pages with a cursor', async () => {
    const shape = await call(user, `{ __type(name: "ProductFilter") { inputFields { name } } }`);
    expect(shape.body.data.__type.inputFields.map((f: any) => f.name).sort()).toEqual(Object.keys(ProductFilterSchema.shape).sort());

    const rest = await fetch(`${stack.baseUrl}/api/v1/products?skuPrefix=${seed.tag}&syncState=error&syncShopId=${seed.shopA}&sort=-price&pageSize=100`, { headers: user });
    const restIds = ((await rest.json()) as any).items.map((p: any) => p.id);
    const viaGql = await call(user, `query($f: ProductFilter) { products(filter: $f, first: 100) { nodes { id } } }`, { f: { skuPrefix: seed.tag, syncState: 'error', syncShopId: seed.shopA, sort: '-price' } });
    expect(viaGql.body.data.products.nodes.map((p: any) => p.id)).toEqual(restIds);
    expect(restIds).toHaveLength(16);

    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = await call(user, `query($a: String) { products(filter: { skuPrefix: "${seed.tag}" }, first: 20, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { a: after });
      seen.push(...page.body.data.products.nodes.map((p: any) => p.id));
      after = page.body.data.products.pageInfo.endCursor;
      if (!page.body.data.products.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(seed.productIds);

    const bad = await call(user, `{ products(filter: { updatedSince: "yesterday", skuPrefix: "" }) { nodes { id } } }`);
    expect(bad.status).toBe(200);
    expect(codes(bad.body)).toEqual(['VALIDATION_FAILED']);
    expect(bad.body.errors[0].extensions.details.fields.map((f: any) => f.field).sort()).toEqual(['filter.skuPrefix', 'filter.updatedSince']);
    expect(codes((await call(user, `{ products(first: 101) { nodes { id } } }`)).body)).toEqual(['VALIDATION_FAILED']);
    expect(codes((await call(user, `{ products(after: "forged.cursor") { nodes { id } } }`)).body)).toEqual(['INVALID_CURSOR']);
  });

  it('enforces the REST roles per field and refuses callers without a credential', async () => {
    const asUser = await call(user, `query($id: Int!) { product(id: $id) { sku erpSource { name } shops { shopName shop { name } } } shops { id } healthReport { generatedAt } }`, { id: seed.productIds[1] });
    expect(asUser.status).toBe(200);
    expect(asUser.body.data.product.sku).toBe(`${seed.tag}-0002`);
    expect(asUser.body.data.product.erpSource).toBeNull();
    expect(asUser.body.data.product.shops[0].shopName).toBeTruthy();
    expect(new Set(codes(asUser.body))).toEqual(new Set(['FORBIDDEN']));
    expect(asUser.body.errors.map((e: any) => e.path[0]).sort()).toEqual(expect.arrayContaining(['healthReport', 'product', 'shops']));

    const asManager = await call(manager, `{ shops { id apiKeyHint } erpSources { id name } healthReport { shops { id } } }`);
    expect(asManager.body.errors).toBeUndefined();
    expect(asManager.body.data.shops.map((s: any) => s.id)).toEqual(expect.arrayContaining([seed.shopA, seed.shopB]));
    // ERP sources have no settings or credentials field at all.
    const secret = await call(manager, `{ erpSources { settings } }`);
    expect(secret.status).toBe(422);
    expect(codes(secret.body)).toEqual(['VALIDATION_FAILED']);

    const anonymous = await fetch(`${stack.baseUrl}/api/v1/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe('UNAUTHENTICATED');
  });

  it('updates a product and its per-shop data in one call, with the REST validation and If-Match semantics', async () => {
    const id = seed.productIds[0];
    const mutation = `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { etag product { version name categories { category { id } } shops(shopId: ${seed.shopB}) { overrides { name active } } } } }`;
    const version = async () => (await stack.sequelize.query<{ version: number }>(`SELECT version FROM products WHERE id = $1`, { bind: [id], type: QueryTypes.SELECT }))[0].version;
    const v0 = await version();
    const shops = [{ shopId: seed.shopB, name: 'Młotek B', active: true }];

    expect(codes((await call(manager, mutation, { input: { id, patch: { name: 'Nowy' } } })).body)).toEqual(['PRECONDITION_REQUIRED']);
    const stale = await call(manager, mutation, { input: { id, ifMatch: `"p${id}v${v0 - 1}"`, patch: { name: 'Nowy' } } });
    expect(codes(stale.body)).toEqual(['PRECONDITION_FAILED']);
    expect(stale.body.errors[0].extensions.details.etag).toBe(`"p${id}v${v0}"`);
    expect(codes((await call(user, mutation, { input: { id, ifMatch: '*', patch: { name: 'Nowy' } } })).body)).toEqual(['FORBIDDEN']);
    expect(codes((await call(manager, mutation, { input: { id, ifMatch: '*', patch: { priceNet: '1.2.3' } } })).body)).toEqual(['VALIDATION_FAILED']);
    expect(codes((await call(manager, mutation, { input: { id: seed.productIds[1], ifMatch: '*', patch: { priceNet: '5.00' } } })).body)).toEqual(['FIELD_OWNED_BY_ERP']);
    // An unknown shop is found before anything is written.
    const unknownShop = await call(manager, mutation, { input: { id, ifMatch: '*', patch: { name: 'Nowy' }, shops: [{ shopId: 2_000_000_000 }] } });
    expect(codes(unknownShop.body)).toEqual(['SHOP_NOT_FOUND']);
    expect(await version()).toBe(v0);

    const ok = await call(manager, mutation, { input: { id, ifMatch: `"p${id}v${v0}"`, patch: { name: 'Młotek nowy', categoryIds: [seed.categoryIds[0]] }, shops } });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const out = ok.body.data.updateProduct;
    expect(out.product).toMatchObject({ name: 'Młotek nowy', categories: [{ category: { id: seed.categoryIds[0] } }], shops: [{ overrides: { name: 'Młotek B', active: true } }] });
    expect(out.product.version).toBeGreaterThan(v0);
    expect(out.etag).toBe(`"p${id}v${out.product.version}"`);
    const rest = await fetch(`${stack.baseUrl}/api/v1/products/${id}`, { headers: user });
    expect(rest.headers.get('etag')).toBe(out.etag);
  });

  it('starts a product sync job, readable by its owner only', async () => {
    const start = `mutation($input: SyncProductInput!) { syncProduct(input: $input) { jobId statusUrl created } }`;
    const started = await call(user, start, { input: { productId: seed.productIds[0], shopIds: [seed.shopA], mode: 'preview' } });
    expect(started.body.errors).toBeUndefined();
    const { jobId, statusUrl, created } = started.body.data.syncProduct;
    expect(created).toBe(true);
    expect(statusUrl).toBe(`/api/v1/jobs/${encodeURIComponent(jobId)}`);
    const mine = await call(user, `query($id: String!) { job(id: $id) { id type state } }`, { id: jobId });
    expect(mine.body.data.job).toMatchObject({ id: jobId, type: 'productSyncWorkflow', state: 'running' });
    const other = await call(await stack.authHeaders('user'), `query($id: String!) { job(id: $id) { id } }`, { id: jobId });
    expect(other.body.data.job).toBeNull();
    let listed: string[] = [];
    for (let i = 0; i < 40 && !listed.includes(jobId); i++) {
      const jobs = await call(user, `{ jobs(filter: { type: "product-sync" }, first: 10) { nodes { id userId } pageInfo { hasNextPage } } }`);
      expect(jobs.body.errors).toBeUndefined();
      listed = jobs.body.data.jobs.nodes.map((j: any) => j.id);
      if (!listed.includes(jobId)) await new Promise((r) => setTimeout(r, 250));
    }
    expect(listed).toContain(jobId);
    expect(codes((await call(user, start, { input: { productId: 2_000_000_000 } })).body)).toEqual(['PRODUCT_NOT_FOUND']);
    expect(codes((await call(user, start, { input: { productId: seed.productIds[0], shopIds: [2_000_000_000] } })).body)).toEqual(['UNKNOWN_SHOPS']);
    await stack.temporal.workflow.getHandle(jobId).terminate('test done');
  });

  it('refuses documents that are too deep, too costly or invalid (422) before running them', async () => {
    const deep = await call(user, `{ categories { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } }`);
    expect(deep.status).toBe(422);
    expect(codes(deep.body)).toEqual(['QUERY_TOO_DEEP']);
    const page = `products(first: 100) { nodes { id sku name priceNet etag shops { shopId shopName sync { status lastError { code message } } } categories { isPrimary category { id name } } } }`;
    const costly = await call(user, `{ ${Array.from({ length: 12 }, (_, i) => `p${i}: ${page}`).join(' ')} }`);
    expect(costly.status).toBe(422);
    expect(codes(costly.body)).toEqual(['QUERY_TOO_COSTLY']);
    expect(costly.body.errors[0].extensions.cost).toBeGreaterThan(costly.body.errors[0].extensions.maxCost);
    // An operation name that matches no (or an anonymous) operation is the client's mistake, not a crash.
    const unnamed = await gql(stack.baseUrl, user, `{ __typename }`, undefined, 'Missing');
    expect(unnamed.status).toBe(422);
    expect(codes(unnamed.body)).toEqual(['VALIDATION_FAILED']);
    const syntax = await call(user, `{ products( }`);
    expect(syntax.status).toBe(422);
    // The whole body is checked first: a request without a query is the envelope's 400.
    const noQuery = await fetch(`${stack.baseUrl}/api/v1/graphql`, { method: 'POST', headers: { ...user, 'content-type': 'application/json' }, body: JSON.stringify({ variables: {} }) });
    expect(noQuery.status).toBe(400);
    expect(((await noQuery.json()) as any).error.code).toBe('VALIDATION_FAILED');
    // An empty operationName is no name (one anonymous operation runs).
    expect((await gql(stack.baseUrl, user, `{ __typename }`, undefined, '')).body.data).toEqual({ __typename: 'Query' });
    expect(codes(syntax.body)).toEqual(['VALIDATION_FAILED']);
  });

  it('in production settings: no introspection, only allow-listed operation names, no GraphiQL; bad settings stop the start', async () => {
    const config = { ...stack.config, GRAPHQL_INTROSPECTION: false, GRAPHQL_ALLOWED_OPERATIONS: ['ProductPage'] };
    const server = await listen(createApp({ config, sequelize: stack.sequelize, temporal: stack.temporal, readinessChecks: [] }), '127.0.0.1', 0);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const intro = await gql(base, user, `query ProductPage { __schema { types { name } } }`);
      expect(intro.status).toBe(422);
      expect(codes(intro.body)).toEqual(['INTROSPECTION_DISABLED']);
      const other = await gql(base, user, `query Other { products(first: 1) { nodes { id } } }`);
      expect(other.status).toBe(422);
      expect(codes(other.body)).toEqual(['OPERATION_NOT_ALLOWED']);
      expect(codes((await gql(base, user, `{ products(first: 1) { nodes { id } } }`)).body)).toEqual(['OPERATION_NOT_ALLOWED']);
      const allowed = await gql(base, user, PRODUCT_PAGE_QUERY, { filter: { skuPrefix: seed.tag }, first: 2 }, 'ProductPage');
      expect(allowed.status).toBe(200);
      expect(allowed.body.data.products.nodes).toHaveLength(2);
      expect((await fetch(`${base}/graphiql`)).status).toBe(404);
    } finally {
      await server.close();
    }
    // GraphiQL only in development.
    const dev = await listen(createApp({ config: { ...stack.config, NODE_ENV: 'development' }, sequelize: stack.sequelize, temporal: stack.temporal, readinessChecks: [] }), '127.0.0.1', 0);
    try {
      const page = await fetch(`http://127.0.0.1:${dev.port}/graphiql`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/api/v1/graphql');
    } finally {
      await dev.close();
    }
    expect(() => loadConfig({ ...process.env, GRAPHQL_ALLOWED_OPERATIONS: 'ProductPage, not-a-name' })).toThrow(ConfigError);
    expect(loadConfig({ ...process.env, NODE_ENV: 'test' }).GRAPHQL_INTROSPECTION).toBe(true);
  });
});
