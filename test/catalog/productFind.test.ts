import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** GET /api/v1/products over HTTP: folded search and its ranking, filters, sorts, cursor and offset paging, totals, validation, roles. */
describe('finding products', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let user: Record<string, string>;
  let shopA: number;
  let shopB: number;
  let erpId: number;
  const tag = `FND${Date.now().toString(36).toUpperCase()}`;
  const word = `kwq${Date.now().toString(36)}`; // a made-up word only this file's products contain
  const ids: Record<string, number> = {};

  const get = async (query: string, headers = user) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products?${query}`, { headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const skus = (body: any) => body.items.map((p: any) => p.sku.slice(tag.length + 1));

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    user = await stack.authHeaders('user');
    const q = <T extends object>(sql: string, bind: unknown[]) => stack.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });
    [{ id: shopA }] = await q<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, [`A ${tag}`]);
    [{ id: shopB }] = await q<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, [`B ${tag}`]);
    [{ id: erpId }] = await q<{ id: number }>(`INSERT INTO erp_sources (name, kind) VALUES ($1, 'subiekt') RETURNING id`, [`ERP ${tag}`]);
    const products: [string, string, string | null, string | null, string | null][] = [
      // suffix, name, description, price, ean
      ['1', `Żółty MŁOTEK ślusarski ${word}`, null, '19.9900', '5901234123457'],
      ['2', `Wkrętarka ${word}`, 'Obudowa w kolorze żółtym, młotek w zestawie', '249.0000', null],
      ['3', `Poziomica ${word}`, null, null, null],
      ['4', `Piła ${word} zolta`, null, '5.5000', null],
      ['5', `Klucz ${word}`, null, '99.0000', null],
    ];
    for (const [suffix, name, description, price, ean] of products) {
      const [r] = await q<{ id: number }>(`INSERT INTO products (sku, name, description, price_net, ean) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [`${tag}-${suffix}`, name, description, price, ean]);
      ids[suffix] = r.id;
    }
    await stack.sequelize.query(`UPDATE products SET status = 'inactive', erp_source_id = $2, erp_external_id = 'X5' WHERE id = $1`, { bind: [ids['5'], erpId] });
    // Ledger: 1 in sync in A, 2 outdated in A, 3 failed in B, 4 compensation failed in A; 5 never pushed (overrides in B only).
    const ledger = `INSERT INTO sync_state (product_id, shop_id, last_pushed_at, last_error_code, compensation_failed) VALUES ($1, $2, $3::timestamptz, $4, $5)`;
    await stack.sequelize.query(ledger, { bind: [ids['1'], shopA, new Date(Date.now() + 60_000).toISOString(), null, false] });
    await stack.sequelize.query(ledger, { bind: [ids['2'], shopA, new Date(Date.now() - 60_000).toISOString(), null, false] });
    await stack.sequelize.query(ledger, { bind: [ids['3'], shopB, null, 'PS_500', false] });
    await stack.sequelize.query(ledger, { bind: [ids['4'], shopA, new Date(Date.now() - 60_000).toISOString(), null, true] });
    await stack.sequelize.query(`INSERT INTO product_shop_data (product_id, shop_id, name) VALUES ($1, $2, 'x')`, { bind: [ids['5'], shopB] });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM categories WHERE name LIKE $1 AND parent_id IS NOT NULL`, { bind: [`%${tag}`] });
    await stack.sequelize.query(`DELETE FROM categories WHERE name LIKE $1`, { bind: [`%${tag}`] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id IN ($1, $2)`, { bind: [shopA, shopB] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [erpId] });
    await stack.stop();
  });

  it('searches SKU, EAN, name and descriptions ignoring case and accents, all words required, best match first', async () => {
    const zolty = await get(`q=${encodeURIComponent(`zolty mlotek ${word}`)}`);
    expect(zolty.status).toBe(200);
    // 1 has both words in the name (ranked first), 2 in its description ("żółtym", "młotek").
    expect(skus(zolty.body)).toEqual(['1', '2']);
    expect(zolty.body).toMatchObject({ total: 2, totalExact: true, page: 1, nextCursor: null });
    expect(skus((await get(`q=${encodeURIComponent(`ŻÓŁT ${word}`)}`)).body).sort()).toEqual(['1', '2', '4']);
    expect(skus((await get(`q=${encodeURIComponent(`zolt ${word}`)}`)).body).sort()).toEqual(['1', '2', '4']);
    expect(skus((await get('q=5901234123457')).body)).toEqual(['1']);
    // An exact SKU outranks products that merely contain it.
    const bySku = await get(`q=${encodeURIComponent(`${tag}-1`.toLowerCase())}`);
    expect(skus(bySku.body)[0]).toBe('1');
    // A word prefix matches ("mlot" → "Młotek"); LIKE wildcards and tsquery syntax are plain text.
    expect(skus((await get(`q=${encodeURIComponent(`mlot ${word.slice(0, 6)}`)}`)).body).sort()).toEqual(['1', '2']);
    for (const q of ['%', `${word} | x`, `!${word}`, "a' & b"]) expect((await get(`q=${encodeURIComponent(q)}&skuPrefix=${tag}-`)).status).toBe(200);
    expect((await get(`q=${encodeURIComponent('%')}`)).body.items).toEqual([]);
  });

  it('filters by status, ERP source, shop assignment, sync state and update time', async () => {
    const mine = `skuPrefix=${tag}`;
    expect(skus((await get(`${mine}&status=inactive`)).body)).toEqual(['5']);
    expect(skus((await get(`${mine}&erpSourceId=${erpId}`)).body)).toEqual(['5']);
    expect(skus((await get(`${mine}&shopId=${shopA}`)).body)).toEqual(['1', '2', '4']);
    expect(skus((await get(`${mine}&shopId=${shopB}`)).body)).toEqual(['3', '5']);
    expect(skus((await get(`${mine}&syncState=in_sync&syncShopId=${shopA}`)).body)).toEqual(['1']);
    expect(skus((await get(`${mine}&syncState=outdated&syncShopId=${shopA}`)).body)).toEqual(['2']);
    expect(skus((await get(`${mine}&syncState=error`)).body)).toEqual(['3']);
    expect(skus((await get(`${mine}&syncState=error&syncShopId=${shopA}`)).body)).toEqual([]);
    expect(skus((await get(`${mine}&syncState=compensation_failed`)).body)).toEqual(['4']);
    expect(skus((await get(`${mine}&syncState=never_pushed`)).body)).toEqual(['5']);
    expect(skus((await get(`${mine}&syncState=never_pushed&syncShopId=${shopB}`)).body)).toEqual(['1', '2', '4', '5']);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await get(`${mine}&updatedSince=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    expect((await get(`${mine}&updatedSince=2000-01-01T00:00:00Z`)).body.total).toBe(5);
    expect((await get(`${mine}&updatedSince=${encodeURIComponent('0000-01-01T00:00:00-23:59')}`)).body.total).toBe(5);
  });

  it('filters by category, with or without its subcategories, and by having images; an unknown category is a 400 naming it', async () => {
    const mine = `skuPrefix=${tag}`;
    const cat = async (name: string, parentId: number | null) =>
      (await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name, parent_id) VALUES ($1, $2) RETURNING id`, { bind: [`${name} ${tag}`, parentId], type: QueryTypes.SELECT }))[0].id;
    const tools = await cat('Narzędzia', null);
    const hammers = await cat('Młotki', tools);
    const sledges = await cat('Młoty', hammers);
    const other = await cat('Inne', null);
    const assign = `INSERT INTO product_categories (product_id, category_id, is_primary) VALUES ($1, $2, $3)`;
    await stack.sequelize.query(assign, { bind: [ids['1'], sledges, true] }); // two levels below tools
    await stack.sequelize.query(assign, { bind: [ids['2'], tools, true] });
    await stack.sequelize.query(assign, { bind: [ids['3'], other, true] });
    await stack.sequelize.query(assign, { bind: [ids['3'], hammers, false] });
    expect(skus((await get(`${mine}&categoryId=${tools}`)).body)).toEqual(['2']);
    expect(skus((await get(`${mine}&categoryId=${tools}&includeSubcategories=true`)).body)).toEqual(['1', '2', '3']);
    expect(skus((await get(`${mine}&categoryId=${hammers}&includeSubcategories=true`)).body)).toEqual(['1', '3']);
    expect(skus((await get(`${mine}&categoryId=${hammers}&includeSubcategories=false`)).body)).toEqual(['3']);
    expect((await get(`${mine}&categoryId=${other}&includeSubcategories=true`)).body).toMatchObject({ total: 1, totalExact: true });

    const image = `INSERT INTO product_images (product_id, position, is_main, content_type, sha256) VALUES ($1, 0, true, 'image/png', $2)`;
    await stack.sequelize.query(image, { bind: [ids['4'], 'a'.repeat(64)] });
    await stack.sequelize.query(image, { bind: [ids['2'], 'b'.repeat(64)] });
    expect(skus((await get(`${mine}&hasImages=true`)).body)).toEqual(['2', '4']);
    expect(skus((await get(`${mine}&hasImages=false`)).body)).toEqual(['1', '3', '5']);
    expect(skus((await get(`${mine}&hasImages=true&categoryId=${tools}&includeSubcategories=true`)).body)).toEqual(['2']);

    const unknown = await get(`${mine}&categoryId=2147483000`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toEqual([expect.objectContaining({ field: 'categoryId' })]);
    for (const [query, field] of [
      ['hasImages=yes', 'hasImages'],
      ['includeSubcategories=1', 'includeSubcategories'],
      ['categoryId=x', 'categoryId'],
    ] as const) {
      const r = await get(query);
      expect(r.status).toBe(400);
      expect(r.body.error.details.fields.map((f: any) => f.field)).toContain(field);
    }
    await stack.sequelize.query(`DELETE FROM product_images WHERE product_id IN ($1, $2)`, { bind: [ids['2'], ids['4']] });
    await stack.sequelize.query(`DELETE FROM product_categories WHERE product_id = ANY($1::int[])`, { bind: [Object.values(ids)] });
  });

  it('sorts by price, name, SKU and time both ways; products without a price come last ascending', async () => {
    const mine = `skuPrefix=${tag}`;
    expect(skus((await get(`${mine}&sort=price`)).body)).toEqual(['4', '1', '5', '2', '3']);
    expect(skus((await get(`${mine}&sort=-price`)).body)).toEqual(['3', '2', '5', '1', '4']);
    expect(skus((await get(`${mine}&sort=name`)).body)).toEqual(['5', '4', '3', '2', '1']);
    expect(skus((await get(`${mine}&sort=-sku`)).body)).toEqual(['5', '4', '3', '2', '1']);
    expect(skus((await get(`${mine}&sort=createdAt`)).body)).toEqual(['1', '2', '3', '4', '5']);
    expect(skus((await get(`${mine}&sort=-updatedAt`)).body)[0]).toBe('5');
  });

  it('pages with a cursor that stays stable while rows are added, and with offsets', async () => {
    const mine = `skuPrefix=${tag}&sort=price&pageSize=2`;
    const first = await get(mine);
    expect(first.body).toMatchObject({ page: 1, total: 5, totalExact: true });
    expect(skus(first.body)).toEqual(['4', '1']);
    // A product inserted before the cursor position must not shift the next pages.
    await stack.sequelize.query(`INSERT INTO products (sku, name, price_net) VALUES ($1, 'Tani', '1.00')`, { bind: [`${tag}-0`] });
    const second = await get(`${mine}&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.page).toBeNull();
    expect(skus(second.body)).toEqual(['5', '2']);
    const third = await get(`${mine}&cursor=${second.body.nextCursor}`);
    expect(skus(third.body)).toEqual(['3']);
    expect(third.body.nextCursor).toBeNull();
    // Offset paging sees the new row.
    expect(skus((await get(`${mine}&page=2`)).body)).toEqual(['1', '5']);
    await stack.sequelize.query(`DELETE FROM products WHERE sku = $1`, { bind: [`${tag}-0`] });
  });

  it('refuses an altered cursor, a cursor from other filters and a cursor together with page, naming the field', async () => {
    const mine = `skuPrefix=${tag}&sort=price&pageSize=2`;
    const { nextCursor } = (await get(mine)).body;
    const [body, mac] = nextCursor.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...payload, k: '0.0000', i: payload.i + 1000 })).toString('base64url')}.${mac}`;
    const tampered = await get(`${mine}&cursor=${forged}`);
    expect(tampered.status).toBe(400);
    expect(tampered.body.error).toMatchObject({ code: 'INVALID_CURSOR', details: { fields: [{ field: 'cursor' }] } });
    const otherSort = await get(`skuPrefix=${tag}&sort=-price&pageSize=2&cursor=${nextCursor}`);
    expect(otherSort.status).toBe(400);
    expect(otherSort.body.error.code).toBe('INVALID_CURSOR');
    const both = await get(`${mine}&cursor=${nextCursor}&page=2`);
    expect(both.status).toBe(400);
    expect(both.body.error.details.fields[0].field).toBe('page');
    const garbage = await get(`${mine}&cursor=${encodeURIComponent('not a cursor')}`);
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.details.fields[0].field).toBe('cursor');
  });

  it('validates every parameter and refuses unknown ones; needs a signed-in caller', async () => {
    for (const [query, field] of [
      ['syncState=broken', 'syncState'],
      ['sort=price_desc', 'sort'],
      ['pageSize=201', 'pageSize'],
      ['page=101', 'page'],
      ['updatedSince=yesterday', 'updatedSince'],
      ['shopId=0', 'shopId'],
      ['categoryFilter=1', 'categoryFilter'],
      [`q=${'a '.repeat(9)}`, 'q'],
    ] as const) {
      const r = await get(query);
      expect(r.status).toBe(400);
      expect(r.body.error.details.fields.map((f: any) => f.field)).toContain(field);
    }
    expect((await fetch(`${stack.baseUrl}/api/v1/products`)).status).toBe(401);
    expect((await get(`skuPrefix=${tag}`, manager)).status).toBe(200);
  });

  it('gives an exact total up to 1000 matches and a marked estimate beyond', async () => {
    await stack.sequelize.query(`INSERT INTO products (sku, name) SELECT $1 || '-M' || g, 'Masowy ' || g FROM generate_series(1, 1100) g`, { bind: [tag] });
    await stack.sequelize.query('ANALYZE products');
    const many = await get(`skuPrefix=${tag}-M&pageSize=10`);
    expect(many.status).toBe(200);
    expect(many.body.totalExact).toBe(false);
    expect(many.body.total).toBeGreaterThan(1000);
    expect(many.body.items).toHaveLength(10);
    const few = await get(`skuPrefix=${tag}-M10&pageSize=10`);
    expect(few.body).toMatchObject({ totalExact: true, total: 111 }); // M10, M100..M109, M1000..M1099
  });
});
