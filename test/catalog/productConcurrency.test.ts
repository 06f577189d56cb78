import { startTestStack, type TestStack } from '../helpers/testStack';

/** Optimistic concurrency on products over HTTP: ETag on reads and writes, If-Match on writes, 412 stale, 428 missing. */
describe('product ETag / If-Match', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let shopId: number;
  const tag = `ETG${Date.now().toString(36).toUpperCase()}`;

  const call = async (method: string, path: string, opts: { body?: unknown; ifMatch?: string; base?: TestStack } = {}) => {
    const s = opts.base ?? stack;
    const res = await fetch(`${s.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...manager, ...(opts.ifMatch ? { 'If-Match': opts.ifMatch } : {}), ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    const [[shop]] = (await stack.sequelize.query(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, { bind: [`S ${tag}`] })) as [{ id: number }[], unknown];
    shopId = shop.id;
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.stop();
  });

  it('a write with the current ETag succeeds and returns the next one; a stale ETag is 412 and changes nothing', async () => {
    const created = await call('POST', '/products', { body: { sku: `${tag}-1`, name: 'Kielnia', priceNet: '10.00' } });
    expect(created.status).toBe(201);
    expect(created.etag).toBe(`"p${created.body.id}v1"`);
    const id = created.body.id;
    const read = await call('GET', `/products/${id}`);
    expect(read.etag).toBe(created.etag);
    expect(read.body.version).toBe(1);

    const first = await call('PATCH', `/products/${id}`, { body: { name: 'Kielnia murarska' }, ifMatch: read.etag! });
    expect(first.status).toBe(200);
    expect(first.etag).not.toBe(read.etag);
    expect(first.body.version).toBe(2);

    // A second client still holding the first ETag.
    const stale = await call('PATCH', `/products/${id}`, { body: { name: 'Kielnia stara' }, ifMatch: read.etag! });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { etag: first.etag } });
    expect((await call('GET', `/products/${id}`)).body.name).toBe('Kielnia murarska');

    expect((await call('PUT', `/products/${id}/shops/${shopId}`, { body: { name: 'x' }, ifMatch: read.etag! })).status).toBe(412);
    expect((await call('DELETE', `/products/${id}`, { ifMatch: `W/${first.etag}` })).status).toBe(412); // weak tags never match
    const archived = await call('DELETE', `/products/${id}`, { ifMatch: `"other", ${first.etag}` });
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');
    expect((await call('PATCH', `/products/${id}`, { body: { status: 'active' }, ifMatch: '*' })).status).toBe(200);
  });

  it('a write without If-Match is 428 naming the header, before anything is written', async () => {
    const { body: p } = await call('POST', '/products', { body: { sku: `${tag}-2`, name: 'Szpachla' } });
    for (const [method, path, body] of [
      ['PATCH', `/products/${p.id}`, { name: 'Szpachla 2' }],
      ['DELETE', `/products/${p.id}`, undefined],
      ['PUT', `/products/${p.id}/shops/${shopId}`, { name: 'x' }],
    ] as const) {
      const r = await call(method, path, { body });
      expect(r.status).toBe(428);
      expect(r.body.error).toMatchObject({ code: 'PRECONDITION_REQUIRED', details: { fields: [{ field: 'if-match' }] } });
    }
    expect((await call('GET', `/products/${p.id}`)).body).toMatchObject({ name: 'Szpachla', status: 'active', version: 1 });
  });

  it('PRODUCT_WRITES_REQUIRE_IF_MATCH=false lets writes without If-Match through (a given one is still checked)', async () => {
    const relaxed = await startTestStack({ worker: false, env: { PRODUCT_WRITES_REQUIRE_IF_MATCH: 'false' } });
    try {
      const { body: p } = await call('POST', '/products', { body: { sku: `${tag}-3`, name: 'Paca' }, base: relaxed });
      expect((await call('PATCH', `/products/${p.id}`, { body: { name: 'Paca 2' }, base: relaxed })).status).toBe(200);
      expect((await call('PATCH', `/products/${p.id}`, { body: { name: 'Paca 3' }, ifMatch: `"p${p.id}v1"`, base: relaxed })).status).toBe(412);
    } finally {
      await relaxed.stop();
    }
  });
});
