import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** Mass edit confirm above MASS_EDIT_INLINE_MAX_PRODUCTS runs as a job (real worker); `push` starts a bulk push of the changed products. */
describe('product mass edit as a job, and followed by a push', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let shopId: number;
  const pushJobs: string[] = [];
  const tag = `MEJ${Date.now().toString(36).toUpperCase()}`;

  const post = async (path: string, body: unknown, headers = manager) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, location: res.headers.get('location'), body: (await res.json()) as any };
  };
  const get = async (path: string) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, { headers: manager });
    return { status: res.status, body: (await res.json()) as any };
  };
  const finished = async (id: string) => {
    for (let i = 0; i < 300; i++) {
      const job = await get(`/jobs/${encodeURIComponent(id)}`);
      if (job.body.state !== 'running') return job.body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${id} did not finish`);
  };
  const create = async (sku: string, price: string) =>
    (await stack.sequelize.query<{ id: number }>(`INSERT INTO products (sku, name, price_net) VALUES ($1, 'x', $2) RETURNING id`, { bind: [sku, price], type: QueryTypes.SELECT }))[0].id;
  const prices = async (ids: number[]) =>
    (await stack.sequelize.query<{ price_net: string }>(`SELECT price_net FROM products WHERE id = ANY($1::int[]) ORDER BY id`, { bind: [ids], type: QueryTypes.SELECT })).map((r) => r.price_net);
  const selection = async (jobId: string) =>
    (await stack.sequelize.query<{ product_id: number }>(`SELECT product_id FROM job_selection WHERE job_id = $1 ORDER BY product_id`, { bind: [jobId], type: QueryTypes.SELECT })).map((r) => r.product_id);
  const preview = async (ids: number[]) => {
    const r = await post('/products/mass-edit/preview', { selection: { ids }, changes: { price: { mode: 'amount', value: '1.00' } } });
    expect(r.status).toBe(200);
    return r.body.token as string;
  };

  beforeAll(async () => {
    stack = await startTestStack({ env: { MASS_EDIT_INLINE_MAX_PRODUCTS: '2' } });
    manager = await stack.authHeaders('manager');
    [{ id: shopId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, {
      bind: [`Sklep ${tag}`],
      type: QueryTypes.SELECT,
    });
  });
  afterAll(async () => {
    // The push jobs would only fail against the unreachable shop: cancel them.
    for (const id of pushJobs) await post(`/jobs/${encodeURIComponent(id)}/cancel`, {});
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.stop();
  });

  it('a small selection: applied in the request, then a bulk push of exactly the changed products; unknown shops refuse before anything is applied', async () => {
    const ids = [await create(`${tag}-1`, '10.00'), await create(`${tag}-2`, '20.00')];
    const token = await preview(ids);

    const badShop = await post('/products/mass-edit/confirm', { token, push: { operation: 'update', shopIds: [2_000_000_000] } });
    expect(badShop.status).toBe(422);
    expect(badShop.body.error.code).toBe('UNKNOWN_SHOPS');
    expect(await prices(ids)).toEqual(['10.0000', '20.0000']);

    const done = await post('/products/mass-edit/confirm', { token, push: { operation: 'update', shopIds: [shopId] } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: 2, unchanged: 0, pushJob: { id: expect.stringMatching(/^bulk:/) } });
    pushJobs.push(done.body.pushJob.id);
    expect(await prices(ids)).toEqual(['11.0000', '21.0000']);
    expect(await selection(done.body.pushJob.id)).toEqual(ids);
    const push = await get(done.body.pushJob.links.self.replace('/api/v1', ''));
    expect(push.body).toMatchObject({ type: 'bulkOperationWorkflow' });
  });

  it('a large selection: 202 and a job that applies it in one transaction, then starts the push; a second confirm is refused', async () => {
    const ids = [await create(`${tag}-3`, '1.00'), await create(`${tag}-4`, '2.00'), await create(`${tag}-5`, '3.00')];
    const token = await preview(ids);
    const started = await post('/products/mass-edit/confirm', { token, push: { operation: 'update', shopIds: [shopId] } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ type: 'massEditWorkflow', selected: 3 });
    expect(started.location).toBe(started.body.links.self);

    const job = await finished(started.body.id);
    expect(job).toMatchObject({ type: 'massEditWorkflow', status: 'completed', result: { applied: 3, unchanged: 0, pushJobId: expect.stringMatching(/^bulk:/) } });
    pushJobs.push(job.result.pushJobId);
    expect(await prices(ids)).toEqual(['2.0000', '3.0000', '4.0000']);
    expect(await selection(job.result.pushJobId)).toEqual(ids);
    expect((await get(`/jobs/${encodeURIComponent(job.result.pushJobId)}`)).body).toMatchObject({ type: 'bulkOperationWorkflow' });
    expect((await get(`/jobs?type=mass-edit&limit=100`)).body.items.some((j: any) => j.id === started.body.id)).toBe(true);

    const again = await post('/products/mass-edit/confirm', { token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MASS_EDIT_APPLIED');
  });

  it('a large selection whose product changed since the preview: the job fails with PRECONDITION_FAILED and nothing is applied', async () => {
    const ids = [await create(`${tag}-6`, '1.00'), await create(`${tag}-7`, '2.00'), await create(`${tag}-8`, '3.00')];
    const token = await preview(ids);
    await stack.sequelize.query(`UPDATE products SET name = 'changed', version = version + 1 WHERE id = $1`, { bind: [ids[2]] });
    const started = await post('/products/mass-edit/confirm', { token });
    expect(started.status).toBe(202);
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'failed', error: { type: 'PRECONDITION_FAILED' } });
    expect(await prices(ids)).toEqual(['1.0000', '2.0000', '3.0000']);
  });
});
