import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** Mass edit over HTTP: preview (counts, sample, token) writes nothing; confirm applies once; a stale preview is refused. */
describe('product mass edit', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let cats: number[];
  let erpId: number;
  const tag = `MED${Date.now().toString(36).toUpperCase()}`;

  const post = async (path: string, body: unknown, headers = manager) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products/mass-edit/${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const rows = (ids: number[]) =>
    stack.sequelize.query<{ id: number; price_net: string | null; status: string; version: number; cats: number[] }>(
      `SELECT p.id, p.price_net, p.status, p.version, coalesce((SELECT array_agg(category_id ORDER BY is_primary DESC, category_id) FROM product_categories WHERE product_id = p.id), '{}') AS cats
         FROM products p WHERE p.id = ANY($1::int[]) ORDER BY p.id`,
      { bind: [ids], type: QueryTypes.SELECT },
    );
  const create = async (sku: string, priceNet: string | null, extra = '') => {
    const [{ id }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO products (sku, name, price_net${extra ? ', erp_source_id, erp_external_id' : ''}) VALUES ($1, 'x', $2${extra}) RETURNING id`, {
      bind: [sku, priceNet],
      type: QueryTypes.SELECT,
    });
    return id;
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    cats = [];
    for (const n of ['A', 'B']) cats.push((await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Kat ${n} ${tag}`], type: QueryTypes.SELECT }))[0].id);
    [{ id: erpId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO erp_sources (name, kind) VALUES ($1, 'subiekt') RETURNING id`, { bind: [`ERP ${tag}`], type: QueryTypes.SELECT });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM categories WHERE id = ANY($1::int[])`, { bind: [cats] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [erpId] });
    await stack.stop();
  });

  it('a price rise by percent with .99 rounding and a category over a filter: preview writes nothing, confirm applies once', async () => {
    const a = await create(`${tag}-A`, '10.00');
    const b = await create(`${tag}-B`, '100.00');
    const noPrice = await create(`${tag}-C`, null);
    const erp = await create(`${tag}-D`, '50.00', `, ${erpId}, 'D'`);
    const before = await rows([a, b, noPrice, erp]);

    const preview = await post('preview', {
      selection: { filter: { skuPrefix: `${tag}-` } },
      changes: { price: { mode: 'percent', value: '10', rounding: 'end99' }, addCategoryIds: [cats[0]] },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.counts).toEqual({ selected: 4, willChange: 4, unchanged: 0 });
    expect(preview.body.skipped).toEqual(
      expect.arrayContaining([
        { field: 'priceNet', reason: 'the product has no price to change', count: 1 },
        { field: 'priceNet', reason: `owned by ERP source ${erpId}`, count: 1 },
      ]),
    );
    const sampleA = preview.body.sample.find((s: any) => s.id === a);
    expect(sampleA).toMatchObject({ changedFields: ['priceNet', 'categoryIds'], before: { priceNet: '10.0000', categoryIds: [] }, after: { priceNet: '11.99', categoryIds: [cats[0]] } });
    expect(await rows([a, b, noPrice, erp])).toEqual(before);

    const done = await post('confirm', { token: preview.body.token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: 4, unchanged: 0 });
    const after = await rows([a, b, noPrice, erp]);
    expect(after.map((r) => [r.price_net, r.cats])).toEqual([
      ['11.9900', [cats[0]]],
      ['110.9900', [cats[0]]],
      [null, [cats[0]]],
      ['50.0000', [cats[0]]],
    ]);
    expect((await post('confirm', { token: preview.body.token })).status).toBe(409);
    const history = (await (await fetch(`${stack.baseUrl}/api/v1/products/${a}/history`, { headers: manager })).json()) as any;
    expect(history.items[0]).toMatchObject({ type: 'change', fields: { priceNet: { from: '10.0000', to: '11.9900' } } });
    expect(['user', 'service_token']).toContain(history.items[0].actor.kind); // the confirming caller, not 'system'
  });

  it('a product changed after the preview makes the confirm 412 and nothing is applied', async () => {
    const a = await create(`${tag}-S1`, '20.00');
    const b = await create(`${tag}-S2`, '30.00');
    const preview = await post('preview', { selection: { ids: [a, b] }, changes: { status: 'inactive', setCategoryIds: [cats[1], cats[0]] } });
    expect(preview.body.counts).toEqual({ selected: 2, willChange: 2, unchanged: 0 });
    await stack.sequelize.query(`UPDATE products SET name = 'changed elsewhere' WHERE id = $1`, { bind: [b] });
    const before = await rows([a, b]);
    const stale = await post('confirm', { token: preview.body.token });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { changedProductIds: [b] } });
    expect(await rows([a, b])).toEqual(before);

    const again = await post('preview', { selection: { ids: [a, b] }, changes: { status: 'inactive', setCategoryIds: [cats[1], cats[0]] } });
    expect((await post('confirm', { token: again.body.token })).status).toBe(200);
    expect((await rows([a, b])).map((r) => [r.status, r.cats[0]])).toEqual([
      ['inactive', cats[1]],
      ['inactive', cats[1]],
    ]);
  });

  it('removes a category (the next one becomes primary) and lowers prices by an amount, by ids', async () => {
    const a = await create(`${tag}-R1`, '20.00');
    const b = await create(`${tag}-R2`, '7.50');
    const assign = `INSERT INTO product_categories (product_id, category_id, is_primary) VALUES ($1, $2, $3)`;
    for (const id of [a, b]) {
      await stack.sequelize.query(assign, { bind: [id, cats[0], true] });
      await stack.sequelize.query(assign, { bind: [id, cats[1], false] });
    }
    const preview = await post('preview', { selection: { ids: [a, b] }, changes: { price: { mode: 'amount', value: '-2.5' }, removeCategoryIds: [cats[0]] } });
    expect(preview.status).toBe(200);
    expect(preview.body.sample.find((s: any) => s.id === b)).toMatchObject({ before: { priceNet: '7.5000', categoryIds: [cats[0], cats[1]] }, after: { priceNet: '5.0000', categoryIds: [cats[1]] } });
    expect((await post('confirm', { token: preview.body.token })).body).toMatchObject({ applied: 2 });
    const after = await rows([a, b]);
    expect(after.map((r) => [r.price_net, r.cats])).toEqual([
      ['17.5000', [cats[1]]],
      ['5.0000', [cats[1]]],
    ]);
    const [{ primary }] = await stack.sequelize.query<{ primary: number }>(`SELECT category_id AS primary FROM product_categories WHERE product_id = $1 AND is_primary`, { bind: [a], type: QueryTypes.SELECT });
    expect(primary).toBe(cats[1]);
  });

  it('refuses negative prices, unknown categories, empty changes, other callers and users without the manager role', async () => {
    const a = await create(`${tag}-N1`, '5.00');
    const negative = await post('preview', { selection: { ids: [a] }, changes: { price: { mode: 'amount', value: '-6' } } });
    expect(negative.status).toBe(422);
    expect(negative.body.error).toMatchObject({ code: 'NEGATIVE_PRICE', details: { fields: [{ field: 'changes.price' }], skus: [`${tag}-N1`] } });
    expect((await post('preview', { selection: { ids: [a] }, changes: { addCategoryIds: [2147483000] } })).body.error).toMatchObject({ code: 'UNKNOWN_CATEGORY', details: { fields: [{ field: 'changes.addCategoryIds' }] } });
    expect((await post('preview', { selection: { filter: { skuPrefix: `${tag}-N`, categoryId: 2147483000 } }, changes: { status: 'inactive' } })).body.error).toMatchObject({
      code: 'UNKNOWN_CATEGORY',
      details: { fields: [{ field: 'selection.filter.categoryId' }] },
    });
    expect((await post('preview', { selection: { ids: [a] }, changes: {} })).status).toBe(422);
    expect((await post('preview', { selection: { ids: [a] }, changes: { price: { mode: 'set', value: '1,5' } } })).status).toBe(400);
    expect((await post('preview', { selection: { ids: [a] }, changes: { status: 'active' } }, await stack.authHeaders('user'))).status).toBe(403);
    const mine = await post('preview', { selection: { ids: [a] }, changes: { status: 'inactive' } });
    const otherManager = await stack.authHeaders('admin');
    expect((await post('confirm', { token: mine.body.token }, otherManager)).status).toBe(404);
    expect((await rows([a]))[0].price_net).toBe('5.0000');
  });
});
