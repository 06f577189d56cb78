import { startTestStack, type TestStack } from '../helpers/testStack';

/** GET /products/{id}/history over HTTP: the audit trail (who, which fields, from → to) merged with sync history per shop. */
describe('product history', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let user: Record<string, string>;
  let shopId: number;
  let erpId: number;
  const tag = `HIS${Date.now().toString(36).toUpperCase()}`;

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as any };
  };
  const one = async <T>(sql: string, bind: unknown[]) => ((await stack.sequelize.query(sql, { bind })) as [T[], unknown])[0][0];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    user = await stack.authHeaders('user');
    shopId = (await one<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, [`Sklep ${tag}`])).id;
    erpId = (await one<{ id: number }>(`INSERT INTO erp_sources (name, kind) VALUES ($1, 'subiekt') RETURNING id`, [`ERP ${tag}`])).id;
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [erpId] });
    await stack.stop();
  });

  it('records who changed which fields from what to what, and merges the sync history, newest first', async () => {
    const created = await call('POST', '/products', manager, { sku: `${tag}-1`, name: 'Łopata', priceNet: '30.00' });
    const id = created.body.id as number;
    const patched = await call('PATCH', `/products/${id}`, { ...manager, 'If-Match': created.etag! }, { name: 'Łopata ogrodowa', priceNet: '32.50', stock: '4' });
    expect(patched.status).toBe(200);
    // A refused write leaves no trace.
    expect((await call('PATCH', `/products/${id}`, { ...manager, 'If-Match': created.etag! }, { name: 'x' })).status).toBe(412);
    // An ERP pull (a write that changes the content hash, without an API actor).
    await stack.sequelize.query(`UPDATE products SET erp_source_id = $2, erp_external_id = 'L1', erp_content_hash = repeat('b', 64), price_net = 35.5, updated_at = now() WHERE id = $1`, { bind: [id, erpId] });
    await stack.sequelize.query(`INSERT INTO sync_history (job_id, product_id, shop_id, action, outcome, error_code, message) VALUES ('bulk:t1', $1, $2, 'update', 'failed', 'PS_500', 'Internal error')`, { bind: [id, shopId] });
    // Bookkeeping alone (a touch of updated_at) is not a change.
    await stack.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [id] });

    const h = await call('GET', `/products/${id}/history`, user);
    expect(h.status).toBe(200);
    expect(h.body.items.map((e: any) => e.type)).toEqual(['sync', 'change', 'change', 'change']);
    const [sync, pull, edit, insert] = h.body.items;
    expect(sync).toMatchObject({ shopId, shopName: `Sklep ${tag}`, jobId: 'bulk:t1', action: 'update', outcome: 'failed', errorCode: 'PS_500' });
    expect(pull).toMatchObject({ operation: 'update', actor: { kind: 'erp_pull', sourceId: erpId } });
    expect(pull.fields.priceNet).toEqual({ from: '32.5000', to: '35.5000' });
    expect(pull.fields.erpSourceId).toEqual({ from: null, to: erpId });
    expect(edit).toMatchObject({ operation: 'update', actor: { kind: 'service_token' } });
    expect(edit.fields).toEqual({ name: { from: 'Łopata', to: 'Łopata ogrodowa' }, priceNet: { from: '30.0000', to: '32.5000' }, stock: { from: '0.0000', to: '4.0000' } });
    expect(insert).toMatchObject({ operation: 'insert', actor: { kind: 'service_token' } });
    expect(insert.fields.sku).toEqual({ from: null, to: `${tag}-1` });

    const page = await call('GET', `/products/${id}/history?limit=2`, user);
    expect(page.body.items).toHaveLength(2);
    const rest = await call('GET', `/products/${id}/history?limit=2&before=${encodeURIComponent(page.body.nextBefore)}`, user);
    expect(rest.body.items.map((e: any) => e.operation)).toEqual(['update', 'insert']);
    // Any ISO instant is accepted, however far its offset or year.
    expect((await call('GET', `/products/${id}/history?before=${encodeURIComponent('0060-10-10T19:10:04-20:25')}`, user)).body.items).toEqual([]);
    expect((await call('GET', `/products/${id}/history?before=${encodeURIComponent('9999-12-31T23:59:59+23:59')}`, user)).body.items).toHaveLength(4);
    const otherShop = await call('GET', `/products/${id}/history?shopId=${shopId + 1000}`, user);
    expect(otherShop.body.items.map((e: any) => e.type)).toEqual(['change', 'change', 'change']);
  });

  it('404 for an unknown product, 400 naming a bad parameter, 401 without credentials', async () => {
    expect((await call('GET', '/products/2147483647/history', user)).status).toBe(404);
    const bad = await call('GET', '/products/1/history?limit=0', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('limit');
    expect((await fetch(`${stack.baseUrl}/api/v1/products/1/history`)).status).toBe(401);
  });
});
