import { ConnectorError } from '../../../src/errors/ConnectorError';
import type { PrestaShopClient, ProductInput } from '../../../src/connectors/prestashop';
import { describeSimOnly, openTarget, REAL_SHOP, TINY_PNG, VERSIONS, type ShopTarget } from './shopTarget';

// One line saying where the contract suite runs.
// eslint-disable-next-line no-console
console.log(REAL_SHOP ? `PrestaShop contract suite: REAL shop ${REAL_SHOP.url} (simulator-only tests skipped)` : 'PrestaShop contract suite: simulator (set PRESTASHOP_URL and PRESTASHOP_KEY to run against a real shop)');

const PREFIX = `PPMT-${Date.now().toString(36)}-${process.pid}-`;

async function caught(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

describe.each(VERSIONS)('PrestaShop connector contract (%s)', (version) => {
  let target: ShopTarget;
  let client: PrestaShopClient;
  let langs: number[];
  const created: number[] = [];
  const createdCategories: number[] = [];

  function product(ref: string, over: Partial<ProductInput> = {}): ProductInput {
    const names = Object.fromEntries(langs.map((l, i) => [l, i === 0 ? 'Kubek niebieski' : 'Blue mug']));
    return {
      reference: `${PREFIX}${ref}`,
      names,
      descriptions: Object.fromEntries(langs.map((l) => [l, '<p>Ceramiczny kubek</p>'])),
      price: '12.50',
      idTaxRulesGroup: 1,
      active: true,
      ean13: '5901234123457',
      weight: '0.35',
      categoryIds: [target.homeCategoryId],
      defaultCategoryId: target.homeCategoryId,
      ...over,
    };
  }

  async function create(input: ProductInput) {
    const p = await client.createProduct(input);
    created.push(p.id);
    return p;
  }

  beforeAll(async () => {
    target = await openTarget(version);
    client = target.client();
    langs = (await client.listLanguages()).filter((l) => l.active).map((l) => l.id);
  });

  afterAll(async () => {
    for (const id of created) await client.deleteProduct(id).catch(() => undefined);
    // The client has no category deletion (the sync never deletes categories): plain webservice DELETE.
    const auth = { Authorization: `Basic ${Buffer.from(`${target.key}:`).toString('base64')}` };
    for (const id of createdCategories) await fetch(`${target.url}/api/categories/${id}`, { method: 'DELETE', headers: auth }).catch(() => undefined);
    await target.stop();
  });

  test('testConnection reports the version, the permitted resources and the languages', async () => {
    const info = await client.testConnection();
    expect(info.resources.products).toMatchObject({ get: true, post: true, put: true });
    if (target.sim) {
      expect(info.major).toBe(version.startsWith('1.') ? '1.7' : '8');
      expect(info.version).toMatch(version.startsWith('1.') ? /^1\.7/ : /^8\./);
      expect(info.patchAvailable).toBe(version === '8.2');
    } else expect(info.version).toMatch(/^(1\.7|8|9)\./);
    expect(info.languages.length).toBeGreaterThan(0);
  });

  test('create → find by reference → update one field → stock → image → delete', async () => {
    const p = await create(product('LIFE'));
    expect(p).toMatchObject({ reference: `${PREFIX}LIFE`, price: '12.5', active: true, state: 1, ean13: '5901234123457', weight: '0.35', defaultCategoryId: target.homeCategoryId });
    expect(p.categoryIds).toContain(target.homeCategoryId);

    const found = await client.findProductsByReference(`${PREFIX}LIFE`);
    expect(found).toEqual([{ id: p.id, reference: `${PREFIX}LIFE` }]);
    // The filter is case-insensitive on the shop; our exact check is not.
    expect(await client.findProductsByReference(`${PREFIX}life`)).toEqual([]);

    const updated = await client.updateProduct(p.id, { price: '15.99' });
    expect(updated.price).toBe('15.99');
    expect(updated).toMatchObject({ reference: p.reference, active: true, state: 1, ean13: p.ean13, weight: p.weight, idTaxRulesGroup: p.idTaxRulesGroup, defaultCategoryId: p.defaultCategoryId });
    expect(updated.names).toEqual(p.names);
    expect(updated.linkRewrites).toEqual(p.linkRewrites);
    expect(updated.descriptions).toEqual(p.descriptions);
    expect(updated.categoryIds).toEqual(p.categoryIds);

    await client.setStock(p.id, 17);
    const image = await client.uploadProductImage(p.id, TINY_PNG, 'image/png', 'kubek');
    expect(image).toMatchObject({ productId: p.id, cover: true });
    const withImage = await client.getProduct(p.id);
    expect(withImage.imageIds).toEqual([image.id]);
    expect(withImage.price).toBe('15.99');
    if (target.sim) {
      const state = target.sim.state() as { stock_availables: Array<{ values: Record<string, string> }> };
      const row = state.stock_availables.find((s) => s.values.id_product === String(p.id) && s.values.id_product_attribute === '0');
      expect(row?.values).toMatchObject({ quantity: '17', id_shop: '1', out_of_stock: '2' });
    }

    await client.deleteProduct(p.id);
    expect(await client.findProductsByReference(`${PREFIX}LIFE`)).toEqual([]);
    const again = await caught(client.deleteProduct(p.id));
    expect(again).toMatchObject({ code: 'NOT_FOUND', retryable: false, status: 404 });
    const gone = await caught(client.getProduct(p.id));
    expect(gone.code).toBe('NOT_FOUND');
  });

  test('getStock reads the product\'s own quantity (attr-0 row), and null when the shop has no stock row', async () => {
    const p = await create(product('STOCK'));
    // A product POST creates its attr-0 stock row with quantity 0.
    expect(await client.getStock(p.id)).toBe(0);
    await client.setStock(p.id, 23);
    expect(await client.getStock(p.id)).toBe(23);
    await client.setStock(p.id, -4); // back-orders: stock may go negative
    expect(await client.getStock(p.id)).toBe(-4);
    if (target.sim) {
      const state = target.sim.state() as { stock_availables: Array<{ values: Record<string, string> }> };
      const row = state.stock_availables.find((s) => s.values.id_product === String(p.id) && s.values.id_product_attribute === '0');
      expect(row?.values.quantity).toBe('-4');
    }
    expect(await client.getStock(2_000_000_000)).toBeNull();
  });

  test('Polish text survives and link_rewrite is transliterated in every language', async () => {
    const names = Object.fromEntries(langs.map((l) => [l, 'Zażółć gęślą jaźń – Łódź']));
    const p = await create(product('PL', { names, descriptions: Object.fromEntries(langs.map((l) => [l, '<p>Świeży chleb & ciastka</p>'])) }));
    for (const l of langs) {
      expect(p.names[l]).toBe('Zażółć gęślą jaźń – Łódź');
      expect(p.linkRewrites[l]).toBe('zazolc-gesla-jazn-lodz');
      expect(p.descriptions[l]).toBe('<p>Świeży chleb & ciastka</p>');
    }
    const renamed = await client.updateProduct(p.id, { names: { [langs[0]]: 'Żółw' } });
    expect(renamed.names[langs[0]]).toBe('Żółw');
    if (langs[1] !== undefined) expect(renamed.names[langs[1]]).toBe('Zażółć gęślą jaźń – Łódź');
  });

  test("a validation error carries the shop's field and message, and is permanent", async () => {
    const e = await caught(create(product('BADEAN', { ean13: '59012341234AB' })));
    expect(e).toMatchObject({ code: 'VALIDATION', retryable: false, status: 400, remoteCode: 85, field: 'ean13' });
    expect(e.remoteMessage).toBe('Validation error: "Property Product->ean13 is not valid"');
    expect(await client.findProductsByReference(`${PREFIX}BADEAN`)).toEqual([]);
  });

  test('updating a product that does not exist is a permanent NOT_FOUND', async () => {
    const e = await caught(client.updateProduct(987654321, { price: '1' }));
    expect(e).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });

  test('a bad key is a permanent AUTHENTICATION error', async () => {
    const bad = target.client({ apiKey: 'X'.repeat(32) });
    const e = await caught(bad.listLanguages());
    expect(e).toMatchObject({ code: 'AUTHENTICATION', retryable: false, status: 401 });
    expect(e.message).not.toContain('X'.repeat(32));
  });

  test('an image of a type the shop refuses is rejected before upload', async () => {
    const e = await caught(client.uploadProductImage(1, Buffer.from('%PDF-1.4'), 'application/pdf', 'doc.pdf'));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'image' });
  });

  test('categories are found or created once, with a link_rewrite; tax rule groups are listed', async () => {
    const name = `${PREFIX}Kategoria Świąteczna`;
    const first = await client.findOrCreateCategory(name, target.homeCategoryId);
    if (first.created) createdCategories.push(first.id);
    const second = await client.findOrCreateCategory(name, target.homeCategoryId);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const groups = await client.listTaxRuleGroups();
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => !g.deleted)).toBe(true);
    if (target.sim) {
      const state = target.sim.state() as { categories: Array<{ id: number; i18n: Record<string, Record<string, string>>; values: Record<string, string> }> };
      const cat = state.categories.find((c) => c.id === first.id);
      expect(cat?.i18n.link_rewrite['1']).toMatch(/^ppmt-.*-kategoria-swiateczna$/);
      expect(cat?.values).toMatchObject({ active: '1', id_parent: '2', level_depth: '2' });
    }
  });

  describeSimOnly('with fault injection (simulator only)', () => {
    afterEach(() => target.sim?.clearFaults());

    test('updates go through PATCH on 8.x and a full read-modify-write PUT on 1.7.8', async () => {
      const p = await create(product('METHOD'));
      const since = target.sim!.requests().at(-1)!.seq;
      await client.updateProduct(p.id, { active: false });
      await client.setStock(p.id, 3);
      const writes = target.sim!.requests(since).filter((r) => r.write).map((r) => `${r.method} ${r.path}`);
      const verb = version === '8.2' ? 'PATCH' : 'PUT';
      expect(writes).toEqual([`${verb} /api/products/${p.id}`, expect.stringMatching(new RegExp(`^${verb} /api/stock_availables/\\d+$`))]);
      const after = await client.getProduct(p.id);
      expect(after).toMatchObject({ active: false, price: '12.5', ean13: '5901234123457', state: 1 });
    });

    test('503 and 500 from a broken shop are retryable', async () => {
      target.sim!.setFaults({ fail503Next: 1, fail500Next: 1 });
      const e503 = await caught(client.listTaxRuleGroups());
      expect(e503).toMatchObject({ code: 'REMOTE_UNAVAILABLE', retryable: true, status: 503 });
      const e500 = await caught(client.listTaxRuleGroups());
      expect(e500).toMatchObject({ code: 'REMOTE_UNAVAILABLE', retryable: true, status: 500, remoteCode: 2 });
      await expect(client.listTaxRuleGroups()).resolves.toHaveLength(4);
    });

    test('429 is THROTTLED with the Retry-After delay', async () => {
      target.sim!.setFaults({ throttleNext: 1, throttleRetryAfterSeconds: 7 });
      const e = await caught(client.listTaxRuleGroups());
      expect(e).toMatchObject({ code: 'THROTTLED', retryable: true, status: 429, retryAfterMs: 7000 });
    });

    test('a request without an answer is a retryable TIMEOUT', async () => {
      const impatient = target.client({ timeoutMs: 300 });
      target.sim!.setFaults({ hangNext: 1 });
      const e = await caught(impatient.listTaxRuleGroups());
      expect(e).toMatchObject({ code: 'TIMEOUT', retryable: true });
    });

    test('a create that timed out but succeeded is not duplicated: the retry upserts by reference first', async () => {
      const impatient = target.client({ timeoutMs: 300 });
      const input = product('RETRY');
      /** The caller's idempotent step (what the sync activity does on every attempt). */
      const upsert = async () => {
        const existing = await impatient.findProductsByReference(input.reference);
        if (existing.length > 1) throw new Error('duplicate references');
        if (existing.length === 1) return impatient.updateProduct(existing[0].id, input);
        return impatient.createProduct(input);
      };
      const since = target.sim!.requests().at(-1)!.seq;
      target.sim!.setFaults({ hangAfterWriteNext: 1 });
      const first = await caught(upsert());
      expect(first).toMatchObject({ code: 'TIMEOUT', retryable: true });
      const p = await upsert();
      created.push(p.id);
      const matches = await client.findProductsByReference(input.reference);
      expect(matches).toEqual([{ id: p.id, reference: input.reference }]);
      const posts = target.sim!.requests(since).filter((r) => r.method === 'POST' && r.path === '/api/products');
      expect(posts).toHaveLength(1);
    });

    test('"reject writes after N" (500 code 46, a refusal) fails writes with a permanent error while reads keep working', async () => {
      const accepted = (await (await fetch(`${target.url}/__sim/faults`)).json()) as { acceptedWrites: number };
      target.sim!.setFaults({ rejectWritesAfter: accepted.acceptedWrites });
      const e = await caught(client.createProduct(product('REJECTED')));
      expect(e).toMatchObject({ code: 'VALIDATION', retryable: false, remoteCode: 46 });
      await expect(client.listLanguages()).resolves.not.toHaveLength(0);
    });
  });
});
