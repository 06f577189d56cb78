import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** The products catalogue API over HTTP: CRUD, filters, per-shop overrides, ledger view, validation, roles. */
describe('products API', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let user: Record<string, string>;
  let shopId: number;
  let categoryId: number;
  const tag = `PAPI${Date.now().toString(36).toUpperCase()}`;

  /** Writes to a product carry If-Match with its current ETag (read first), as a client must. */
  const etagOf = async (path: string): Promise<Record<string, string>> => {
    const id = /^\/products\/(\d+)/.exec(path)?.[1];
    if (!id) return {};
    const res = await fetch(`${stack.baseUrl}/api/v1/products/${id}`, { headers: manager });
    await res.arrayBuffer();
    return res.headers.get('etag') ? { 'If-Match': res.headers.get('etag')! } : {};
  };
  const call = async (method: string, path: string, body?: unknown, headers = manager) => {
    const precondition = ['PATCH', 'PUT', 'DELETE'].includes(method) ? await etagOf(path) : {};
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...precondition, ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    user = await stack.authHeaders('user');
    const [shop] = await stack.sequelize.query<{ id: number }>(
      `INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••••') RETURNING id`,
      { bind: [`Sklep ${tag}`], type: QueryTypes.SELECT },
    );
    shopId = shop.id;
    const [cat] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Narzędzia ${tag}`], type: QueryTypes.SELECT });
    categoryId = cat.id;
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.sequelize.query(`DELETE FROM categories WHERE id = $1`, { bind: [categoryId] });
    await stack.stop();
  });

  it('creates, reads, lists with filters, changes and archives a product; money stays exact', async () => {
    const created = await call('POST', '/products', { sku: `${tag}-1`, name: 'Wkrętarka akumulatorowa 18V', priceNet: '249.9900', vatRate: '23', stock: '5', categoryIds: [categoryId] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: `${tag}-1`, priceNet: '249.9900', vatRate: '23.00', stock: '5.0000', status: 'active', erp: null });
    expect(created.body.categories).toEqual([{ id: categoryId, name: `Narzędzia ${tag}`, isPrimary: true }]);
    const id = created.body.id as number;
    await call('POST', '/products', { sku: `${tag}-2`, name: 'Młotek ślusarski', priceNet: '19.9' });

    const got = await call('GET', `/products/${id}`, undefined, user);
    expect(got.status).toBe(200);
    expect(got.body.shops.find((s: any) => s.shopId === shopId)).toEqual({ shopId, shopName: `Sklep ${tag}`, overrides: null, ledger: { status: 'never_pushed', remoteId: null, lastPushedAt: null, lastError: null } });

    const byPrefix = await call('GET', `/products?skuPrefix=${tag}&pageSize=1`, undefined, user);
    expect(byPrefix.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(byPrefix.body.items).toHaveLength(1);
    const byName = await call('GET', `/products?skuPrefix=${tag}&q=ŚLUSAR`, undefined, user);
    expect(byName.body.items.map((p: any) => p.sku)).toEqual([`${tag}-2`]);

    const patched = await call('PATCH', `/products/${id}`, { priceNet: '199.5', name: 'Wkrętarka 18V Pro' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ priceNet: '199.5000', name: 'Wkrętarka 18V Pro' });

    const archived = await call('DELETE', `/products/${id}`);
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');
    const list = await call('GET', `/products?skuPrefix=${tag}&status=archived`, undefined, user);
    expect(list.body.items.map((p: any) => p.id)).toEqual([id]);
  });

  it('stores per-shop overrides and shows the ledger status per shop', async () => {
    const { body: p } = await call('POST', '/products', { sku: `${tag}-3`, name: 'Poziomica 60 cm', priceNet: '45.00' });
    const put = await call('PUT', `/products/${p.id}/shops/${shopId}`, { name: 'Poziomica aluminiowa 60 cm', priceNet: '49.99' });
    expect(put.status).toBe(200);
    expect(put.body.shops.find((s: any) => s.shopId === shopId).overrides).toEqual({ name: 'Poziomica aluminiowa 60 cm', description: null, shortDescription: null, priceNet: '49.9900', active: null });

    await stack.sequelize.query(`INSERT INTO sync_state (product_id, shop_id, remote_id, payload_hash, last_pushed_at) VALUES ($1, $2, 77, repeat('a', 64), now() + interval '1 minute')`, { bind: [p.id, shopId] });
    const got = await call('GET', `/products/${p.id}`, undefined, user);
    expect(got.body.shops.find((s: any) => s.shopId === shopId).ledger).toMatchObject({ status: 'in_sync', remoteId: 77 });

    expect((await call('PUT', `/products/${p.id}/shops/999999`, { name: 'x' })).body.error.code).toBe('SHOP_NOT_FOUND');
  });

  it('rejects invalid input with the error envelope naming the fields', async () => {
    const bad = await call('POST', '/products', { sku: `${tag}-4`, name: 'Zła cena', priceNet: 12.5, vatRate: '123', currency: 'zł' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['currency', 'priceNet', 'vatRate']);

    expect((await call('POST', '/products', { sku: `${tag}-5`, name: 'Za dużo miejsc', priceNet: '1.23456' })).status).toBe(400);
    expect((await call('POST', '/products', { sku: `${tag}-6`, name: 'Nieznane pole', color: 'red' })).status).toBe(400);

    const dup = await call('POST', '/products', { sku: `${tag}-3`, name: 'Duplikat' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('SKU_TAKEN');

    const cat = await call('POST', '/products', { sku: `${tag}-7`, name: 'Zła kategoria', categoryIds: [999999] });
    expect(cat.status).toBe(422);
    expect(cat.body.error.code).toBe('UNKNOWN_CATEGORY');

    const missing = await call('GET', '/products/999999', undefined, user);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('refuses edits to fields the product ERP owns (a pull would undo them)', async () => {
    const [src] = await stack.sequelize.query<{ id: number }>(`INSERT INTO erp_sources (name, kind) VALUES ($1, 'subiekt') RETURNING id`, { bind: [`ERP ${tag}`], type: QueryTypes.SELECT });
    const { body: p } = await call('POST', '/products', { sku: `${tag}-8`, name: 'Z ERP', priceNet: '10' });
    await stack.sequelize.query(`UPDATE products SET erp_source_id = $1, erp_external_id = '42' WHERE id = $2`, { bind: [src.id, p.id] });

    const refused = await call('PATCH', `/products/${p.id}`, { priceNet: '11', stock: '3' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'FIELD_OWNED_BY_ERP', details: { fields: ['priceNet', 'stock'] } });
    const allowed = await call('PATCH', `/products/${p.id}`, { name: 'Opis od użytkownika' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.erpOwnedFields).toEqual(['priceNet', 'vatRate', 'ean', 'stock']);
    await stack.sequelize.query(`DELETE FROM products WHERE id = $1`, { bind: [p.id] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [src.id] });
  });

  it('lets a user read but not write', async () => {
    expect((await call('POST', '/products', { sku: `${tag}-9`, name: 'x' }, user)).status).toBe(403);
    expect((await call('GET', `/products?skuPrefix=${tag}`, undefined, {})).status).toBe(401);
  });
});
