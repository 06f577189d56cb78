import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** GET /products/export over HTTP: the list's filters, CSV and JSON, and an export that imports back unchanged. */
describe('product export', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let categoryId: number;
  const tag = `EXP${Date.now().toString(36).toUpperCase()}`;

  const get = async (query: string) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products/export?${query}`, { headers: manager });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
  };
  const importFile = async (body: string, contentType: string) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products/import`, { method: 'POST', headers: { ...manager, 'Content-Type': contentType }, body });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    [{ id: categoryId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Ogród ${tag}`], type: QueryTypes.SELECT });
    const created = await importFile(
      JSON.stringify({
        products: [
          { sku: `${tag}-1`, name: 'Sekator "Pro"; stal', priceNet: '49.90', vatRate: '23', stock: '3', categoryIds: [categoryId], description: 'wiersz 1\nwiersz 2' },
          { sku: `${tag}-2`, name: 'Konewka żółta', priceNet: '15', ean: '5901234123457' },
          { sku: `${tag}-3`, name: 'Wąż ogrodowy', status: 'inactive' },
        ],
      }),
      'application/json',
    );
    expect(created.body.summary).toMatchObject({ created: 3, error: 0 });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM categories WHERE id = $1`, { bind: [categoryId] });
    await stack.stop();
  });

  it('CSV with the list filters and sort; it imports back as unchanged', async () => {
    const csv = await get(`skuPrefix=${tag}&status=active&sort=-sku`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.disposition).toMatch(/attachment; filename="products-.*\.csv"/);
    const lines = csv.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('id,sku,name,description,shortDescription,ean,unit,priceNet,vatRate,currency,weightKg,stock,status,categoryIds,erpSourceId,erpExternalId,version,createdAt,updatedAt');
    expect(csv.text).toContain(`${tag}-2,Konewka żółta`);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain(`"Sekator ""Pro""; stal","wiersz 1\nwiersz 2"`);
    expect(csv.text.indexOf(`${tag}-2`)).toBeLessThan(csv.text.indexOf(`${tag}-1`)); // -sku
    expect(csv.text).not.toContain(`${tag}-3`); // inactive

    const back = await importFile(csv.text, 'text/csv');
    expect(back.status).toBe(200);
    expect(back.body.summary).toEqual({ rows: 2, created: 0, updated: 0, unchanged: 2, error: 0 });
  });

  it('JSON and semicolon CSV round-trip too; bad filters are 400 like the list', async () => {
    const json = await get(`skuPrefix=${tag}&format=json`);
    const parsed = JSON.parse(json.text);
    expect(parsed.products.map((p: any) => p.sku)).toEqual([`${tag}-1`, `${tag}-2`, `${tag}-3`]);
    expect(parsed.products[0]).toMatchObject({ priceNet: '49.9000', categoryIds: [categoryId], erpSourceId: null });
    expect((await importFile(json.text, 'application/json')).body.summary).toMatchObject({ unchanged: 3, error: 0 });

    const semi = await get(`skuPrefix=${tag}&delimiter=semicolon`);
    expect(semi.text.split('\r\n')[0]).toMatch(/^\uFEFFid;sku;name;/);
    expect((await importFile(semi.text, 'text/csv')).body).toMatchObject({ delimiter: ';', summary: { unchanged: 3, error: 0 } });

    // The category filter of the list applies; an unknown category is refused before the file starts.
    expect(JSON.parse((await get(`skuPrefix=${tag}&categoryId=${categoryId}&format=json`)).text).products.map((p: any) => p.sku)).toEqual([`${tag}-1`]);
    const unknownCategory = await get(`skuPrefix=${tag}&categoryId=2147483000`);
    expect(unknownCategory.status).toBe(400);
    expect(JSON.parse(unknownCategory.text).error.details.fields[0].field).toBe('categoryId');
    expect((await get('format=xml')).status).toBe(400);
    expect((await get('colour=red')).status).toBe(400);
    const empty = await get(`skuPrefix=${tag}-none&format=json`);
    expect(JSON.parse(empty.text)).toEqual({ products: [] });
  });
});
