import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** GET /reports/health as CSV (format=csv or Accept: text/csv): one table, a line per shop / ERP source / problem. */
describe('health report as CSV', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  const tag = `HRC${Date.now().toString(36)}`;
  let shopId: number;
  let sourceId: number;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    manager = await stack.authHeaders('manager');
    [{ id: shopId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, {
      bind: [`Sklep "Żółty"; ${tag}`],
      type: QueryTypes.SELECT,
    });
    [{ id: sourceId }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO erp_sources (name, kind) VALUES ($1, 'subiekt') RETURNING id`, { bind: [`ERP ${tag}`], type: QueryTypes.SELECT });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [sourceId] });
    await stack.stop();
  });

  it('format=csv and Accept: text/csv give the same table as the JSON report; JSON stays the default; managers only', async () => {
    const json = (await (await fetch(`${stack.baseUrl}/api/v1/reports/health`, { headers: manager })).json()) as any;
    expect(json.shops.some((s: any) => s.id === shopId)).toBe(true);

    const res = await fetch(`${stack.baseUrl}/api/v1/reports/health?format=csv`, { headers: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: spreadsheets read the Polish letters
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe(`section,id,name,active,lastSuccessAt,errors${json.windowHours}h,note`);
    expect(lines).toContain(`shop,${shopId},"Sklep ""Żółty""; ${tag}",true,,,`);
    expect(lines.some((l) => l.startsWith(`erp_source,${sourceId},ERP ${tag},true,`))).toBe(true);
    expect(lines.filter((l) => l.startsWith('shop,'))).toHaveLength(json.shops.length);

    const byAccept = await fetch(`${stack.baseUrl}/api/v1/reports/health`, { headers: { ...manager, Accept: 'text/csv' } });
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/health?format=csv`, { headers: await stack.authHeaders('user') })).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/v1/reports/health?format=xml`, { headers: manager })).status).toBe(400);
  });
});
