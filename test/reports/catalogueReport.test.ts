import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/**
 * GET /reports/catalogue over HTTP: active products without images, without a category, without a translation per
 * shop language (not the default language: it is the products' own text); counts, pages, CSV; managers only.
 */
describe('catalogue report', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  const tag = `CRP${Date.now().toString(36)}`;
  let shopId: number;
  let categoryId: number;
  const ids: number[] = [];
  const q = <T extends object>(sql: string, bind: unknown[] = []) => stack.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });
  const get = async (query = '') => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports/catalogue${query}`, { headers: manager });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };
  const mine = (g: any) => g.products.filter((p: any) => ids.includes(p.id)).map((p: any) => p.sku);

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    [{ id: shopId }] = await q<{ id: number }>(
      `INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint, language_map) VALUES ($1, 'http://127.0.0.1:1', 'x', '••', '{"pl":1,"qz":2}') RETURNING id`,
      [`Sklep ${tag}`],
    );
    [{ id: categoryId }] = await q<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, [`Kategoria ${tag}`]);
    // 1 complete · 2 no image · 3 no category · 4 a blank qz name (no translation) · 5 inactive, with every gap · 6 a formula-like name, no image
    const specs = [
      { status: 'active', image: true, category: true, qz: 'Hammer' },
      { status: 'active', image: false, category: true, qz: 'Hammer' },
      { status: 'active', image: true, category: false, qz: 'Hammer' },
      { status: 'active', image: true, category: true, qz: '  ' },
      { status: 'inactive', image: false, category: false, qz: null },
      { status: 'active', image: false, category: true, qz: 'Hammer', name: '=HYPERLINK("x")' },
    ];
    for (const [i, s] of specs.entries()) {
      const [{ id }] = await q<{ id: number }>(`INSERT INTO products (sku, name, status) VALUES ($1, $2, $3) RETURNING id`, [`${tag}-${i + 1}`, s.name ?? 'Młotek', s.status]);
      ids.push(id);
      if (s.image) await stack.sequelize.query(`INSERT INTO product_images (product_id, content_type, sha256) VALUES ($1, 'image/png', repeat('b', 64))`, { bind: [id] });
      if (s.category) await stack.sequelize.query(`INSERT INTO product_categories (product_id, category_id, is_primary) VALUES ($1, $2, TRUE)`, { bind: [id, categoryId] });
      if (s.qz) await stack.sequelize.query(`INSERT INTO product_translations (product_id, lang, name) VALUES ($1, 'qz', $2)`, { bind: [id, s.qz] });
    }
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE id = ANY($1::int[])`, { bind: [ids] });
    await stack.sequelize.query(`DELETE FROM categories WHERE id = $1`, { bind: [categoryId] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.stop();
  });

  it('lists and counts the gaps of active products; the default language is never missing', async () => {
    const report = await get(`?afterId=${ids[0] - 1}&limit=1000`);
    expect(mine(report.withoutImages)).toEqual([`${tag}-2`, `${tag}-6`]);
    expect(mine(report.withoutCategory)).toEqual([`${tag}-3`]);
    expect(report.defaultLanguage).toBe('pl');
    expect(report.withoutTranslation.map((t: any) => t.language)).not.toContain('pl');
    const qz = report.withoutTranslation.find((t: any) => t.language === 'qz');
    expect(qz.shopIds).toEqual([shopId]);
    expect(mine(qz)).toEqual([`${tag}-4`]);

    // The counts agree with the same questions asked another way (outer joins over the whole catalogue).
    const [expected] = await q<{ active: number; images: number; category: number; qz: number }>(`
      SELECT count(*)::int AS active,
             count(*) FILTER (WHERE i.product_id IS NULL)::int AS images,
             count(*) FILTER (WHERE c.product_id IS NULL)::int AS category,
             count(*) FILTER (WHERE t.product_id IS NULL)::int AS qz
        FROM products p
        LEFT JOIN (SELECT DISTINCT product_id FROM product_images) i ON i.product_id = p.id
        LEFT JOIN (SELECT DISTINCT product_id FROM product_categories) c ON c.product_id = p.id
        LEFT JOIN (SELECT product_id FROM product_translations WHERE lang = 'qz' AND trim(name) <> '') t ON t.product_id = p.id
       WHERE p.status = 'active'`);
    expect({ active: report.activeProducts, images: report.withoutImages.count, category: report.withoutCategory.count, qz: qz.count }).toEqual(expected);
  });

  it('pages each list by afterId', async () => {
    const first = await get(`?afterId=${ids[0] - 1}&limit=1`);
    expect(first.withoutImages.products).toHaveLength(1);
    expect(first.withoutImages.nextAfterId).toBe(first.withoutImages.products[0].id);
    const next = await get(`?afterId=${first.withoutImages.nextAfterId}&limit=1`);
    expect(next.withoutImages.products[0].id).toBeGreaterThan(first.withoutImages.nextAfterId);
    const countsOnly = await get('?limit=0');
    expect(countsOnly.withoutImages).toEqual({ count: first.withoutImages.count, products: [], nextAfterId: null });
  });

  it('answers CSV with neutralised cells; users get 403; unknown or out-of-range parameters are a 400', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports/catalogue?format=csv&limit=1000&afterId=${ids[0] - 1}`, { headers: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('section,gap,count,productId,sku,name');
    expect(lines).toContain(`product,images,,${ids[1]},${tag}-2,Młotek`);
    expect(lines).toContain(`product,images,,${ids[5]},${tag}-6,"'=HYPERLINK(""x"")"`);
    expect(lines).toContain(`product,translation:qz,,${ids[3]},${tag}-4,Młotek`);
    expect(lines.filter((l) => l.startsWith('count,')).map((l) => l.split(',')[1])).toEqual(expect.arrayContaining(['active_products', 'images', 'category', 'translation:qz']));

    expect((await fetch(`${stack.baseUrl}/api/v1/reports/catalogue`, { headers: { ...manager, Accept: 'text/csv' } })).headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/catalogue`, { headers: await stack.authHeaders('user') })).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/catalogue`)).status).toBe(401);
    for (const bad of ['?shop=1', '?limit=1001', '?afterId=-1', '?limit=x']) {
      expect((await fetch(`${stack.baseUrl}/api/v1/reports/catalogue${bad}`, { headers: manager })).status).toBe(400);
    }
  });
});
