import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/**
 * GET /reports/shops over HTTP on a known shop: products per ledger state (the same states the product list filter
 * `syncState` gives), the last successful push, failures by code over 24 h and 7 days; CSV; managers only.
 */
describe('shop report', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  const tag = `SRP${Date.now().toString(36)}`;
  let shopId: number;
  const ids: number[] = [];
  const q = <T extends object>(sql: string, bind: unknown[] = []) => stack.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    [{ id: shopId }] = await q<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, [`Sklep ${tag}`]);
    for (let i = 1; i <= 6; i++) {
      const [{ id }] = await q<{ id: number }>(`INSERT INTO products (sku, name, updated_at) VALUES ($1, 'Młotek', now() - interval '2 hours') RETURNING id`, [`${tag}-${i}`]);
      ids.push(id);
    }
    const ledger = `INSERT INTO sync_state (product_id, shop_id, last_pushed_at, last_error_code, compensation_failed) VALUES ($1, $2, $3, $4, $5)`;
    await stack.sequelize.query(ledger, { bind: [ids[0], shopId, new Date(), null, false] }); // in sync
    await stack.sequelize.query(ledger, { bind: [ids[1], shopId, new Date(Date.now() - 3 * 3_600_000), null, false] }); // outdated
    await stack.sequelize.query(ledger, { bind: [ids[2], shopId, null, 'VALIDATION', false] }); // failed
    await stack.sequelize.query(ledger, { bind: [ids[3], shopId, new Date(), null, true] }); // compensation failed
    await stack.sequelize.query(ledger, { bind: [ids[4], shopId, null, null, false] }); // a row, nothing recorded: never pushed
    // ids[5]: no row at all: never pushed
    const history = `INSERT INTO sync_history (job_id, product_id, shop_id, action, outcome, error_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, now() - $7::interval)`;
    const rows: [string, string, string | null, string][] = [
      ['create', 'success', null, '5 hours'], // the last push
      ['skip', 'skipped', null, '1 hour'], // unchanged: not a push
      ['compensate', 'success', null, '30 minutes'], // an undo: not a push
      ['update', 'failed', 'VALIDATION', '1 hour'],
      ['update', 'failed', 'VALIDATION', '2 hours'],
      ['update', 'failed', 'AUTHENTICATION', '3 days'],
      ['update', 'failed', null, '6 days'],
      ['update', 'failed', 'VALIDATION', '10 days'], // outside 7 days
    ];
    for (const [action, outcome, code, ago] of rows) await stack.sequelize.query(history, { bind: [`job-${tag}`, ids[2], shopId, action, outcome, code, ago] });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM sync_history WHERE job_id = $1`, { bind: [`job-${tag}`] });
    await stack.sequelize.query(`DELETE FROM products WHERE id = ANY($1::int[])`, { bind: [ids] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.stop();
  });

  it('counts products per ledger state as the product list filter does, with the last push and failures by code', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports/shops`, { headers: manager });
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    const shop = report.shops.find((s: any) => s.id === shopId);
    const [{ total }] = await q<{ total: number }>(`SELECT count(*)::int AS total FROM products`);
    expect(report.productsTotal).toBe(total);
    expect(shop.products).toEqual({ inSync: 1, outdated: 1, failed: 1, compensationFailed: 1, neverPushed: total - 4 });
    const [{ pushed }] = await q<{ pushed: Date }>(`SELECT created_at AS pushed FROM sync_history WHERE job_id = $1 AND action = 'create'`, [`job-${tag}`]);
    expect(shop.lastSuccessfulPushAt).toBe(new Date(pushed).toISOString());
    expect(shop.failures).toEqual([
      { code: 'VALIDATION', last24h: 2, last7d: 2 },
      { code: 'AUTHENTICATION', last24h: 0, last7d: 1 },
      { code: 'UNKNOWN', last24h: 0, last7d: 1 },
    ]);

    // The same rule as the list filter: each state lists exactly the products counted for it.
    const listed = async (state: string) => {
      const r = await fetch(`${stack.baseUrl}/api/v1/products?skuPrefix=${tag}&syncState=${state}&syncShopId=${shopId}`, { headers: manager });
      return ((await r.json()) as any).items.map((p: any) => p.sku);
    };
    expect(await listed('in_sync')).toEqual([`${tag}-1`]);
    expect(await listed('outdated')).toEqual([`${tag}-2`]);
    expect(await listed('error')).toEqual([`${tag}-3`]);
    expect(await listed('compensation_failed')).toEqual([`${tag}-4`]);
    expect(await listed('never_pushed')).toEqual([`${tag}-5`, `${tag}-6`]);
  });

  it('answers CSV for format=csv or Accept: text/csv; users get 403; an unknown format is a 400', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports/shops?format=csv`, { headers: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,name,active,lastSuccessfulPushAt,inSync,outdated,failed,compensationFailed,neverPushed,failures24h,failures7d');
    const mine = lines.find((l) => l.startsWith(`${shopId},`))!;
    expect(mine).toMatch(new RegExp(`^${shopId},Sklep ${tag},true,\\d{4}-[^,]+,1,1,1,1,\\d+,VALIDATION:2,VALIDATION:2\\|AUTHENTICATION:1\\|UNKNOWN:1$`));

    const byAccept = await fetch(`${stack.baseUrl}/api/v1/reports/shops`, { headers: { ...manager, Accept: 'text/csv' } });
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/shops`, { headers: await stack.authHeaders('user') })).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/shops`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/shops?format=xml`, { headers: manager })).status).toBe(400);
  });
});
