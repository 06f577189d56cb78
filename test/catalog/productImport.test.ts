import iconv from 'iconv-lite';
import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** POST /products/import over HTTP: CSV (Windows-1250, semicolons, decimal commas) and JSON, dry run, per-row report, ERP ownership. */
describe('product import', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let categoryId: number;
  let erpId: number;
  const tag = `IMP${Date.now().toString(36).toUpperCase()}`;

  const post = async (body: string | Buffer, contentType: string, query = '', headers = manager) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products/import${query}`, { method: 'POST', headers: { ...headers, 'Content-Type': contentType }, body });
    return { status: res.status, body: (await res.json()) as any };
  };
  const products = (skuLike: string) =>
    stack.sequelize.query<{ sku: string; name: string; price_net: string | null; stock: string; version: number }>(`SELECT sku, name, price_net, stock, version FROM products WHERE sku LIKE $1 ORDER BY sku`, {
      bind: [skuLike],
      type: QueryTypes.SELECT,
    });

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    [{ id: categoryId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Narzędzia ${tag}`], type: QueryTypes.SELECT });
    [{ id: erpId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO erp_sources (name, kind) VALUES ($1, 'subiekt') RETURNING id`, { bind: [`ERP ${tag}`], type: QueryTypes.SELECT });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM categories WHERE id = $1`, { bind: [categoryId] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [erpId] });
    await stack.stop();
  });

  it('a Windows-1250 CSV with semicolons, quotes and decimal commas: dry run reports and writes nothing, the import writes the same', async () => {
    const csv = [
      'sku;name;priceNet;vatRate;stock;categoryIds;description',
      `${tag}-1;Młotek ślusarski żółty;19,99;23;"1 234,5";${categoryId};"Stal; trzonek z jesionu"`,
      `${tag}-2;"Łopata ""Zięba""";149,00;23;5;;`,
      `${tag}-3;Grabie;12,3,4;23;1;;`,
      `${tag}-4;Kielnia;5;23;1;999999999;`,
    ].join('\r\n');
    const bytes = iconv.encode(csv, 'win1250');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8

    const dry = await post(bytes, 'text/csv', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, format: 'csv', encoding: 'windows-1250', delimiter: ';', summary: { rows: 4, created: 2, updated: 0, unchanged: 0, error: 2 } });
    expect(dry.body.rows[0]).toMatchObject({ row: 1, sku: `${tag}-1`, outcome: 'created', errors: [] });
    expect(dry.body.rows[2]).toMatchObject({ row: 3, outcome: 'error', errors: [{ field: 'priceNet' }] });
    expect(dry.body.rows[3]).toMatchObject({ row: 4, outcome: 'error', errors: [{ field: 'categoryIds', code: 'UNKNOWN_CATEGORY' }] });
    expect(await products(`${tag}%`)).toEqual([]);

    const real = await post(bytes, 'text/csv');
    expect(real.status).toBe(200);
    expect(real.body.summary).toEqual(dry.body.summary);
    expect(real.body.rows.map((r: any) => r.outcome)).toEqual(['created', 'created', 'error', 'error']);
    const rows = await products(`${tag}%`);
    expect(rows.map((r) => [r.sku, r.name, r.price_net, r.stock])).toEqual([
      [`${tag}-1`, 'Młotek ślusarski żółty', '19.9900', '1234.5000'],
      [`${tag}-2`, 'Łopata "Zięba"', '149.0000', '5.0000'],
    ]);
    const detail = (await (await fetch(`${stack.baseUrl}/api/v1/products/${real.body.rows[0].productId}`, { headers: manager })).json()) as any;
    expect(detail).toMatchObject({ description: 'Stal; trzonek z jesionu', categories: [{ id: categoryId, isPrimary: true }] });

    // The same file again: nothing to change.
    const again = await post(bytes, 'text/csv', '?dryRun=false');
    expect(again.body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2, error: 2 });
    expect((await products(`${tag}%`)).map((r) => r.version)).toEqual(rows.map((r) => r.version));
  });

  it('JSON rows: updates only what differs, skips ERP-owned fields with a reason, names bad fields and duplicate SKUs', async () => {
    const [{ id: erpProduct }] = await stack.sequelize.query<{ id: number }>(
      `INSERT INTO products (sku, name, price_net, stock, erp_source_id, erp_external_id) VALUES ($1, 'Wiertarka', 300, 2, $2, 'W1') RETURNING id`,
      { bind: [`${tag}-ERP`, erpId], type: QueryTypes.SELECT },
    );
    const r = await post(
      JSON.stringify({
        products: [
          { sku: `${tag}-ERP`, priceNet: '250.00', name: 'Wiertarka udarowa' },
          { sku: `${tag}-J1`, name: 'Poziomica', status: 'inactive', ean: '12' },
          { sku: `${tag}-J2`, name: 'Poziomica 2', colour: 'red' },
          { sku: `${tag}-J3`, name: 'Miara' },
          { sku: `${tag}-J3`, name: 'Miara 2' },
        ],
      }),
      'application/json',
    );
    expect(r.status).toBe(200);
    expect(r.body.rows[0]).toMatchObject({ outcome: 'updated', productId: erpProduct, changedFields: ['name'], skipped: [{ field: 'priceNet' }] });
    expect(r.body.rows[1]).toMatchObject({ outcome: 'error', errors: [{ field: 'ean' }] });
    expect(r.body.rows[2]).toMatchObject({ outcome: 'error', errors: [{ field: 'colour', code: 'UNKNOWN_FIELD' }] });
    expect(r.body.rows[3]).toMatchObject({ outcome: 'created' });
    expect(r.body.rows[4]).toMatchObject({ outcome: 'error', errors: [{ field: 'sku', code: 'DUPLICATE_SKU' }] });
    const [erp] = await products(`${tag}-ERP`);
    expect(erp).toMatchObject({ name: 'Wiertarka udarowa', price_net: '300.0000' });
    const history = (await (await fetch(`${stack.baseUrl}/api/v1/products/${erpProduct}/history`, { headers: manager })).json()) as any;
    expect(history.items[0]).toMatchObject({ type: 'change', actor: { kind: 'import' } });
  });

  it('refuses unreadable files as a whole, users without the manager role, and other media types', async () => {
    const unknownColumn = await post(`sku,nazwa\n${tag}-X,a`, 'text/csv');
    expect(unknownColumn.status).toBe(422);
    expect(unknownColumn.body.error).toMatchObject({ code: 'IMPORT_UNKNOWN_COLUMNS', details: { fields: [{ field: 'nazwa' }] } });
    expect((await post(`name\nx`, 'text/csv')).body.error.code).toBe('IMPORT_NO_SKU');
    expect((await post(`sku,name\n"${tag}-Y,a`, 'text/csv')).status).toBe(422);
    expect((await post('<xml/>', 'application/xml')).status).toBe(415);
    expect((await post(JSON.stringify([{ sku: 'x' }]), 'application/json')).status).toBe(400);
    expect((await post(`sku,name\n${tag}-Z,a`, 'text/csv', '', await stack.authHeaders('user'))).status).toBe(403);
    expect(await products(`${tag}-Z`)).toEqual([]);
  });
});
