import { QueryTypes } from 'sequelize';
import type { TestStack } from '../helpers/testStack';
import { api, createProducts, simProducts, type SyncFixture, withShops, waitForJob } from '../workflows/syncFixture';

/**
 * Mass edit of per-shop overrides over HTTP: the preview shows each product's overrides before → after in the named
 * shops and writes nothing; the confirm writes them (keeping other override fields), audits them, is bound to the
 * products' versions, and its optional push sends the shop's price to the (simulated) shop; bad input is refused
 * naming the field.
 */
describe('product mass edit: per-shop overrides', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `MES${Date.now().toString(36).toUpperCase()}`;
  const overrides = (ids: number[]) =>
    stack.sequelize.query<{ product_id: number; shop_id: number; price_net: string | null; active: boolean | null; name: string | null }>(
      `SELECT product_id, shop_id, price_net::text AS price_net, active, name FROM product_shop_data WHERE product_id = ANY($1::int[]) ORDER BY product_id, shop_id`,
      { bind: [ids], type: QueryTypes.SELECT },
    );

  withShops(tag, 2, (fx) => ({ stack, shops } = fx));

  it('previews before → after per product and shop, applies once with an audit trail, and pushes the shop price', async () => {
    const [s1, s2] = shops.shopIds;
    const [a, b] = await createProducts(stack.sequelize, `${tag}-P`, 2, '10.0000');
    const [noPrice] = await createProducts(stack.sequelize, `${tag}-N`, 1);
    await stack.sequelize.query(`UPDATE products SET price_net = NULL WHERE id = $1`, { bind: [noPrice] });
    await stack.sequelize.query(`INSERT INTO product_shop_data (product_id, shop_id, name, price_net) VALUES ($1, $2, 'Nazwa w sklepie', 90)`, { bind: [b, s1] });
    const changes = { shopOverrides: [{ shopId: s1, price: { mode: 'percent', value: '-10' } }, { shopId: s2, active: false }] };

    const preview = await api(stack, 'POST', '/products/mass-edit/preview', { body: { selection: { ids: [a, b, noPrice] }, changes } });
    expect(preview.status).toBe(200);
    expect(preview.json.counts).toEqual({ selected: 3, willChange: 3, unchanged: 0 });
    expect(preview.json.skipped).toEqual([{ field: 'shops', reason: `shop ${s1}: the product has no price to change`, count: 1 }]);
    const sampleOf = (id: number) => preview.json.sample.find((p: { id: number }) => p.id === id);
    expect(sampleOf(a)).toMatchObject({
      changedFields: ['shops'],
      before: { priceNet: '10.0000', shops: { [s1]: { priceNet: null, active: null }, [s2]: { priceNet: null, active: null } } },
      after: { priceNet: '10.0000', shops: { [s1]: { priceNet: '9.00', active: null }, [s2]: { priceNet: null, active: false } } },
    });
    expect(sampleOf(b).after.shops[s1]).toEqual({ priceNet: '81.00', active: null }); // -10 % of the shop's own 90
    expect(sampleOf(noPrice).after.shops).toEqual({ [s1]: { priceNet: null, active: null }, [s2]: { priceNet: null, active: false } });
    expect(await overrides([a, b, noPrice])).toEqual([{ product_id: b, shop_id: s1, price_net: '90.0000', active: null, name: 'Nazwa w sklepie' }]); // nothing written

    const done = await api(stack, 'POST', '/products/mass-edit/confirm', { body: { token: preview.json.token, push: { operation: 'create', shopIds: [s1] } } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ applied: 3, unchanged: 0, pushJob: { id: expect.stringMatching(/^bulk:/) } });
    expect(await overrides([a, b, noPrice])).toEqual([
      { product_id: a, shop_id: s1, price_net: '9.0000', active: null, name: null },
      { product_id: a, shop_id: s2, price_net: null, active: false, name: null },
      { product_id: b, shop_id: s1, price_net: '81.0000', active: null, name: 'Nazwa w sklepie' },
      { product_id: b, shop_id: s2, price_net: null, active: false, name: null },
      { product_id: noPrice, shop_id: s2, price_net: null, active: false, name: null },
    ]);
    expect((await api(stack, 'POST', '/products/mass-edit/confirm', { body: { token: preview.json.token } })).status).toBe(409); // once

    // The audit trail names the shop fields, and who changed them.
    const history = await api(stack, 'GET', `/products/${b}/history`);
    const change = history.json.items.find((i: { type: string; fields?: object }) => i.type === 'change' && i.fields && `shops.${s1}.priceNet` in i.fields);
    expect(change.fields).toEqual({ [`shops.${s1}.priceNet`]: { from: '90.0000', to: '81.00' }, [`shops.${s2}.active`]: { from: null, to: false } });
    expect(change.actor.kind).not.toBe('system');

    // The push of the changed products sends the shop's own price.
    expect((await waitForJob(stack, done.json.pushJob.id)).status).toBe('completed');
    const inShop = simProducts(shops.sims[0]);
    expect(inShop.find((p) => p.reference === `${tag}-P-00000`)?.price).toBe('9');
    expect(inShop.find((p) => p.reference === `${tag}-P-00001`)?.price).toBe('81');
  });

  it('is bound to the versions: an override changed since the preview refuses the confirm (412)', async () => {
    const [s1] = shops.shopIds;
    const [a] = await createProducts(stack.sequelize, `${tag}-V`, 1);
    const preview = await api(stack, 'POST', '/products/mass-edit/preview', { body: { selection: { ids: [a] }, changes: { shopOverrides: [{ shopId: s1, price: { mode: 'set', value: '5' } }] } } });
    expect(preview.status).toBe(200);
    const got = await api(stack, 'GET', `/products/${a}`);
    const put = await api(stack, 'PUT', `/products/${a}/shops/${s1}`, { body: { priceNet: '7.0000' }, headers: { 'If-Match': got.headers.get('etag')! } });
    expect(put.status).toBe(200);
    const stale = await api(stack, 'POST', '/products/mass-edit/confirm', { body: { token: preview.json.token } });
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe('PRECONDITION_FAILED');
    expect((await overrides([a]))[0].price_net).toBe('7.0000');
  });

  it('refuses bad overrides naming the field, writing nothing', async () => {
    const [s1] = shops.shopIds;
    const [a] = await createProducts(stack.sequelize, `${tag}-X`, 1, '3.0000');
    const refused = async (shopOverrides: unknown[], status: number, code: string, field: string) => {
      const res = await api(stack, 'POST', '/products/mass-edit/preview', { body: { selection: { ids: [a] }, changes: { shopOverrides } } });
      expect(res.status).toBe(status);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await refused([{ shopId: 2_000_000_000, active: true }], 422, 'UNKNOWN_SHOP', 'changes.shopOverrides.0.shopId');
    await refused([{ shopId: s1, price: { mode: 'set', value: '-1' } }], 422, 'NEGATIVE_PRICE', 'changes.shopOverrides.0.price.value');
    await refused([{ shopId: s1, active: true }, { shopId: s1, price: { mode: 'amount', value: '-5' } }], 422, 'DUPLICATE_SHOP', 'changes.shopOverrides.1.shopId');
    await refused([{ shopId: s1, price: { mode: 'amount', value: '-5' } }], 422, 'NEGATIVE_PRICE', 'changes.shopOverrides.0.price'); // 3 - 5
    await refused([{ shopId: s1 }], 422, 'NOTHING_TO_CHANGE', 'changes.shopOverrides.0');
    await refused([{ shopId: s1, price: { mode: 'set', value: '1,5' } }], 400, 'VALIDATION_FAILED', 'changes.shopOverrides.0.price.value');
    await refused([{ shopId: s1, name: 'x' }], 400, 'VALIDATION_FAILED', 'changes.shopOverrides.0.name');
    expect(await overrides([a])).toEqual([]);
    expect((await api(stack, 'POST', '/products/mass-edit/preview', { role: 'user', body: { selection: { ids: [a] }, changes: { shopOverrides: [{ shopId: s1, active: true }] } } })).status).toBe(403);
  });
});
