import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** A large POST /products/import runs as a Temporal job (real worker): progress in GET /jobs/{id}, paged report, CSV. */
describe('product import as a job', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  const tag = `IMJ${Date.now().toString(36).toUpperCase()}`;

  const post = async (body: string, contentType: string, query = '', headers = manager) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products/import${query}`, { method: 'POST', headers: { ...headers, 'Content-Type': contentType }, body });
    return { status: res.status, location: res.headers.get('location'), body: (await res.json()) as any };
  };
  const get = async (path: string, headers = manager) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, { headers });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const getJson = async (path: string, headers = manager) => {
    const r = await get(path, headers);
    return { status: r.status, body: JSON.parse(r.text) as any };
  };
  const finished = async (id: string) => {
    for (let i = 0; i < 300; i++) {
      const job = await getJson(`/jobs/${encodeURIComponent(id)}`);
      if (job.body.state !== 'running') return job.body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${id} did not finish`);
  };
  const products = (skuLike: string) =>
    stack.sequelize.query<{ id: number; sku: string; name: string; price_net: string | null }>(`SELECT id, sku, name, price_net FROM products WHERE sku LIKE $1 ORDER BY sku`, {
      bind: [skuLike],
      type: QueryTypes.SELECT,
    });

  beforeAll(async () => {
    stack = await startTestStack({ env: { IMPORT_INLINE_MAX_ROWS: '3', IMPORT_JOB_CHUNK_ROWS: '2' } });
    manager = await stack.authHeaders('manager');
    await stack.sequelize.query(`INSERT INTO products (sku, name, price_net) VALUES ($1, 'Stary młotek', 10)`, { bind: [`${tag}-0`] });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.stop();
  });

  it('a file above IMPORT_INLINE_MAX_ROWS: 202, chunks with progress, per-row report paged and as CSV, the file never in the history', async () => {
    const csv = [
      'sku;name;priceNet',
      `${tag}-0;Młotek nowy;12,50`,
      `${tag}-1;Łopata;149,00`,
      `${tag}-2;Grabie;12,3,4`,
      `${tag}-3;Kielnia;5`,
      `${tag}-1;Łopata druga;1`,
      `${tag}-4;Wiadro;7`,
      `${tag}-5;Taczka;300`,
    ].join('\n');
    expect((await post(csv, 'text/csv', '', await stack.authHeaders('user'))).status).toBe(403);

    const started = await post(csv, 'text/csv');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ type: 'productImportWorkflow', rows: 7, dryRun: false });
    const id: string = started.body.id;
    expect(started.location).toBe(`/api/v1/jobs/${encodeURIComponent(id)}`);

    const job = await finished(id);
    expect(job).toMatchObject({ type: 'productImportWorkflow', state: 'completed', status: 'completed' });
    const counts = { phase: 'completed', dryRun: false, rows: 7, done: 7, created: 4, updated: 1, unchanged: 0, error: 2 };
    expect(job.importProgress).toEqual(counts);
    expect(job.result).toEqual(counts);

    const rows = await products(`${tag}%`);
    expect(rows.map((r) => [r.sku, r.name, r.price_net])).toEqual([
      [`${tag}-0`, 'Młotek nowy', '12.5000'],
      [`${tag}-1`, 'Łopata', '149.0000'],
      [`${tag}-3`, 'Kielnia', '5.0000'],
      [`${tag}-4`, 'Wiadro', '7.0000'],
      [`${tag}-5`, 'Taczka', '300.0000'],
    ]);

    // The report, paged: the repeated SKU is refused although its first row was in another chunk.
    const page1 = await getJson(`/jobs/${encodeURIComponent(id)}/report?limit=3`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 7, nextOffset: 3 });
    expect(page1.body.items.map((r: any) => [r.row, r.outcome])).toEqual([
      [1, 'updated'],
      [2, 'created'],
      [3, 'error'],
    ]);
    const errors = await getJson(`/jobs/${encodeURIComponent(id)}/report?outcome=error`);
    expect(errors.body).toMatchObject({ total: 2, nextOffset: null });
    expect(errors.body.items).toMatchObject([
      { row: 3, errors: [{ field: 'priceNet' }] },
      { row: 5, sku: `${tag}-1`, errors: [{ field: 'sku', code: 'DUPLICATE_SKU', message: expect.stringContaining('row 2') }] },
    ]);
    const csvReport = await get(`/jobs/${encodeURIComponent(id)}/report?format=csv`);
    expect(csvReport.type).toMatch(/^text\/csv/);
    const lines = csvReport.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,line,sku,outcome,productId,changedFields,skipped,errors');
    expect(lines).toHaveLength(8);
    expect(lines[5]).toContain('DUPLICATE_SKU');
    expect((await get(`/jobs/${encodeURIComponent(id)}/report`, { ...manager, Accept: 'text/csv' })).type).toMatch(/^text\/csv/);

    // The audit trail names the job; the job is listed with its own type; the file is not in the workflow history.
    const [change] = await stack.sequelize.query<{ actor: any }>(`SELECT c.actor FROM product_changes c JOIN products p ON p.id = c.product_id WHERE p.sku = $1 ORDER BY c.id DESC LIMIT 1`, {
      bind: [`${tag}-4`],
      type: QueryTypes.SELECT,
    });
    expect(change.actor).toMatchObject({ kind: 'import', jobId: id });
    const list = await getJson(`/jobs?type=product-import&limit=100`);
    expect(list.body.items.find((j: any) => j.id === id)).toMatchObject({ type: 'productImportWorkflow', kind: 'product-import', importProgress: counts });
    const history = await stack.temporal.workflow.getHandle(id).fetchHistory();
    const bytes: string[] = [];
    const walk = (v: unknown) => {
      if (v instanceof Uint8Array) bytes.push(Buffer.from(v).toString('utf8'));
      else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
    };
    walk(history);
    expect(bytes.join('\n')).not.toContain(tag);

    // Report of a job that is not an import: 409; users cannot read import jobs.
    expect((await getJson(`/jobs/${encodeURIComponent(id)}/report`, await stack.authHeaders('user'))).status).toBe(403);
    expect((await getJson(`/jobs/${encodeURIComponent(id)}`, await stack.authHeaders('user'))).status).toBe(404);
  });

  it('a dry run as a job writes nothing; a file at the threshold still runs within the request', async () => {
    const rows = (n: number) => ['sku,name', ...Array.from({ length: n }, (_, i) => `${tag}-D${i},Produkt ${i}`)].join('\n');
    const dry = await post(rows(5), 'text/csv', '?dryRun=true');
    expect(dry.status).toBe(202);
    const job = await finished(dry.body.id);
    expect(job.importProgress).toMatchObject({ dryRun: true, rows: 5, done: 5, created: 5 });
    expect(await products(`${tag}-D%`)).toEqual([]);

    const inline = await post(rows(3), 'text/csv');
    expect(inline.status).toBe(200);
    expect(inline.body.summary).toMatchObject({ rows: 3, created: 3 });
  });
});
