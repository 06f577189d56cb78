import { startPrestaShopSimulator, type PrestaShopSimulator } from '../../../src/simulators/prestashop';

/**
 * Like a real shop on MySQL with its indexes, the simulator's work per request must not grow with the
 * catalogue: a bulk push of 100,000 products otherwise slows down as the shop fills up (the shop process, not
 * the sync, becomes the bottleneck). Work is counted as the rows the shop examines, not timed.
 */
describe('PrestaShop simulator: the calls of a push cost the same at any catalogue size', () => {
  let sim: PrestaShopSimulator;
  let created = 0;

  beforeAll(async () => {
    sim = await startPrestaShopSimulator({ version: '8.2', languages: ['pl', 'en'] });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${sim.url}${path}`, { method, headers: { Authorization: `Basic ${Buffer.from(`${sim.key}:`).toString('base64')}` }, body });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text.trim() === '' ? null : JSON.parse(text);
  };
  const product = (ref: string) =>
    `<product><reference>${ref}</reference><price>10</price><state>1</state><active>1</active><id_category_default>2</id_category_default><name><language id="1">Nazwa ${ref}</language></name><associations><categories><category><id>2</id></category></categories></associations></product>`;
  const doc = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><prestashop xmlns:xlink="http://www.w3.org/1999/xlink">${inner}</prestashop>`;

  /** Fills the shop up to `count` products (SC-1 … SC-count), 500 per POST (the webservice saves every entity of a body). */
  async function growTo(count: number): Promise<void> {
    while (created < count) {
      const n = Math.min(500, count - created);
      const body = Array.from({ length: n }, (_, i) => product(`SC-${created + i + 1}`)).join('');
      await call('POST', '/api/products?output_format=JSON', doc(body));
      created += n;
    }
  }

  /**
   * What the sync asks per product of a bulk create (src/connectors/prestashop): a reference lookup per 100
   * products, the POST, the PATCH of the stock row named in its answer; plus a stock-row read and a
   * single-reference lookup. Returns the rows the shop examined for all of it.
   */
  async function pushOne(newRef: string, existing: string[]): Promise<number> {
    const before = sim.rowsExamined();
    const refs = [...existing, newRef];
    const found = await call('GET', `/api/products?output_format=JSON&filter[reference]=[${refs.join('|')}]&display=[id,reference]&sort=[id_ASC]`);
    expect((found.products as Array<{ reference: string }>).map((p) => p.reference).sort()).toEqual([...existing].sort());

    const answer = (await call('POST', '/api/products?output_format=JSON', doc(product(newRef)))).product;
    created++;
    expect(answer.position_in_category).toBe(String(created)); // appended last in Home
    const stockId = Number(answer.associations.stock_availables[0].id);
    await call('PATCH', `/api/stock_availables/${stockId}?output_format=JSON`, doc(`<stock_available><id>${stockId}</id><quantity>7</quantity></stock_available>`));

    const stock = await call('GET', `/api/stock_availables?output_format=JSON&filter[id_product]=[${answer.id}]&filter[id_product_attribute]=[0]&display=[id,quantity]&sort=[id_ASC]`);
    expect(stock.stock_availables).toEqual([{ id: stockId, quantity: '7' }]);
    const one = await call('GET', `/api/products?output_format=JSON&filter[reference]=[${newRef}]&display=[id,reference]`);
    expect(one.products).toEqual([{ id: answer.id, reference: newRef }]);
    return sim.rowsExamined() - before;
  }

  test('a 100-reference lookup, a create, its stock write and reads examine as many rows with 300 products as with 6,000', async () => {
    await growTo(300);
    const small = await pushOne('SC-NEW-A', Array.from({ length: 99 }, (_, i) => `SC-${i + 101}`));
    await growTo(6_000);
    const large = await pushOne('SC-NEW-B', Array.from({ length: 99 }, (_, i) => `SC-${i + 5_001}`));
    expect(small).toBeLessThan(300); // the lookup did not scan the table
    expect(large).toBe(small);
  }, 60_000);

  test('an OR-list filter still compares like the shop: case-insensitive, trailing spaces ignored, numbers as numbers', async () => {
    await call('POST', '/api/products?output_format=JSON', doc(product('0042') + product('Ab-1')));
    created += 2;
    const refs = async (filter: string) => {
        const data = await call('GET', `/api/products?output_format=JSON&filter[reference]=${filter}&display=[reference]&sort=[id_ASC]`);
        return Array.isArray(data) ? [] : (data.products as Array<{ reference: string }>).map((p) => p.reference); // an empty list is a bare []
      };
    expect(await refs('[aB-1|sc-2%20|42|nope]')).toEqual(['SC-2', '0042', 'Ab-1']);
    expect(await refs('[|42]')).toEqual([]); // a leading | is no OR: equality with the literal "|42"
  });
});
