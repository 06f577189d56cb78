import { ConnectorError } from '../../../src/errors/ConnectorError';
import { SubiektSource } from '../../../src/connectors/subiekt/SubiektSource';
import type { SubiektConfig } from '../../../src/connectors/subiekt/SubiektConfig';
import type { SqlServerSimulator } from '../../../src/simulators/sqlserver/sqlServerSimulator';
import { PANGRAM_NAME } from '../../../src/simulators/sqlserver/seed/polishWords';
import { announceTarget, readAll, REAL_SERVER, realConfig, simConfig, simIt, startTestSimulator } from './subiektTarget';

/** Contract of SubiektSource: against the simulator by default, a real Subiekt GT database when configured. */
describe('SubiektSource contract', () => {
  let sim: SqlServerSimulator | undefined;
  const sources: SubiektSource[] = [];
  const config = (over: Partial<SubiektConfig> = {}): SubiektConfig => (REAL_SERVER ? realConfig(over) : simConfig(sim!, over));
  const source = (over: Partial<SubiektConfig> = {}): SubiektSource => {
    const s = new SubiektSource(config(over));
    sources.push(s);
    return s;
  };

  beforeAll(async () => {
    announceTarget();
    if (!REAL_SERVER) sim = await startTestSimulator('contract');
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.close()));
    await sim?.stop();
  });

  it('pages through all products; resuming from a middle cursor yields exactly the rest', async () => {
    const src = source();
    const full = await readAll(src, 37);
    const ids = full.products.map((p) => Number(p.externalId));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    if (sim) {
      const [{ n }] = await sim.db.query<{ n: string }>('SELECT COUNT(*) AS n FROM "tw__Towar"');
      expect(ids.length).toBe(Number(n));
    }
    expect(full.cursors.length).toBeGreaterThan(2);
    const mid = full.cursors[2];
    const resumed = await readAll(source(), 37, JSON.parse(JSON.stringify(mid)));
    const already = full.products.slice(0, 3 * 37).map((p) => p.externalId);
    expect([...already, ...resumed.products.map((p) => p.externalId)]).toEqual(full.products.map((p) => p.externalId));
    expect(resumed.products.map((p) => p.contentHash)).toEqual(full.products.slice(3 * 37).map((p) => p.contentHash));
    expect(JSON.parse(mid)).toMatchObject({ v: 1, lastId: ids[3 * 37 - 1] });
  });

  it('gives identical hashes for unchanged data', async () => {
    const a = await readAll(source(), 100);
    const b = await readAll(source(), 250);
    expect(b.products.map((p) => p.contentHash)).toEqual(a.products.map((p) => p.contentHash));
  });

  it('reports server, database, product count and price level names', async () => {
    const info = await source().testConnection();
    expect(info.ok).toBe(true);
    expect(info.details.serverVersion).toMatch(/SQL Server/);
    expect(info.details.database).toBe(config().database);
    expect(info.details.productCount).toEqual(expect.any(Number));
    expect(info.details.priceLevelNames).toHaveLength(10);
    if (sim) expect((info.details.priceLevelNames as string[]).slice(0, 2)).toEqual(['Detaliczna', 'Hurtowa']);
  });

  it('refuses a wrong password with a permanent AUTHENTICATION error', async () => {
    const err = await source({ password: 'definitely-wrong' })
      .fetchPage(null, 10)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'AUTHENTICATION', retryable: false, system: 'subiekt' });
    expect((err as Error).message).toMatch(/Login failed for user/);
  });

  it('money keeps 4 decimals and the ERP money fields are 4-decimal strings', async () => {
    const { products } = await readAll(source(), 500);
    for (const p of products) {
      if (p.priceNet !== null) expect(p.priceNet).toMatch(/^-?\d+\.\d{4}$/);
      expect(p.stock).toMatch(/^-?\d+\.\d{4}$/);
    }
  });

  simIt('keeps Polish letters intact (varchar in CP1250 with Polish_CI_AS)', async () => {
    const { products } = await source().fetchPage(null, 5);
    expect(products[0].name).toBe(PANGRAM_NAME);
    expect(products[0].name).toBe('Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ');
    expect(products[0].description).toBe('Opis: źdźbło, łódź, żółw, ćma, ŚWIĘTA');
    expect(products.some((p) => p.group !== null && /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/.test(p.group + p.name))).toBe(true);
  });

  simIt('selects the configured price level', async () => {
    const db = sim!.db;
    const rows = await db.query<{ id: number; n1: string | null; n2: string | null; b2: string | null; w7: string }>(
      'SELECT "tc_IdTowar" AS id, "tc_CenaNetto1"::text AS n1, "tc_CenaNetto2"::text AS n2, "tc_CenaBrutto2"::text AS b2, "tc_IdWaluta7" AS w7 FROM "tw_Cena" ORDER BY 1 LIMIT 40',
    );
    const lvl2 = await source({ priceLevel: 2 }).fetchPage(null, 40);
    const lvl7 = await source({ priceLevel: 7 }).fetchPage(null, 40);
    rows.forEach((r, i) => {
      expect(lvl2.products[i].externalId).toBe(String(r.id));
      expect(lvl2.products[i].priceNet).toBe(r.n2);
      expect(lvl2.products[i].priceGross).toBe(r.b2);
      expect(lvl7.products[i].currency).toBe('EUR');
    });
    expect(rows.some((r) => r.n1 !== r.n2)).toBe(true);
  });

  simIt('sums available stock (st_Stan - st_StanRez) over the configured warehouses only', async () => {
    const truth = await sim!.db.query<{ id: number; mag: number; avail: string }>('SELECT "st_TowId" AS id, "st_MagId" AS mag, ("st_Stan" - "st_StanRez")::numeric(19,4)::text AS avail FROM "tw_Stan"');
    const byMag = (mags: number[]) => {
      const m = new Map<string, number>();
      for (const r of truth) if (mags.includes(r.mag)) m.set(String(r.id), (m.get(String(r.id)) ?? 0) + Number(r.avail));
      return m;
    };
    const both = await readAll(source({ warehouseIds: [1, 2] }), 300);
    const shop = await readAll(source({ warehouseIds: [2] }), 300);
    const expBoth = byMag([1, 2]);
    const expShop = byMag([2]);
    for (const p of both.products) expect(Number(p.stock)).toBeCloseTo(expBoth.get(p.externalId) ?? 0, 4);
    for (const p of shop.products) expect(Number(p.stock)).toBeCloseTo(expShop.get(p.externalId) ?? 0, 4);
    expect(both.products.some((p, i) => p.stock !== shop.products[i].stock)).toBe(true);
  });

  simIt('distinguishes VAT zw and np from 0%', async () => {
    const { products } = await readAll(source(), 300);
    const zw = products.find((p) => p.vatSymbol === 'zw');
    const zero = products.find((p) => p.vatSymbol === '0');
    const np = products.find((p) => p.vatSymbol === 'np');
    expect(zw).toMatchObject({ vatRate: null });
    expect(np).toMatchObject({ vatRate: null });
    expect(zero).toMatchObject({ vatRate: '0' });
    expect(products.find((p) => p.vatSymbol === '23')).toMatchObject({ vatRate: '23' });
  });

  simIt('lists barcodes: primary first, then tw_KodKreskowy, without duplicates', async () => {
    const extra = await sim!.db.query<{ id: number; kod: string }>('SELECT "kk_IdTowar" AS id, "kk_Kod" AS kod FROM "tw_KodKreskowy" ORDER BY "kk_Id"');
    const { products } = await readAll(source(), 300);
    const withExtra = products.filter((p) => extra.some((e) => String(e.id) === p.externalId));
    expect(withExtra.length).toBeGreaterThan(5);
    for (const p of withExtra) {
      const [primary] = await sim!.db.query<{ ean: string }>('SELECT "tw_PodstKodKresk" AS ean FROM "tw__Towar" WHERE "tw_Id" = $1', [Number(p.externalId)]);
      const expected = [...new Set([primary.ean, ...extra.filter((e) => String(e.id) === p.externalId).map((e) => e.kod)].filter(Boolean))];
      expect(p.eans).toEqual(expected);
      expect(p.ean).toBe(expected[0]);
    }
  });

  simIt('filters by a feature name or by the web-shop flag', async () => {
    const b2b = await sim!.db.query<{ id: number }>('SELECT DISTINCT "cht_IdTowar" AS id FROM "tw_CechaTw" WHERE "cht_IdCecha" = 2 ORDER BY 1');
    const web = await sim!.db.query<{ id: number }>('SELECT "tw_Id" AS id FROM "tw__Towar" WHERE "tw_SklepInternet" = 1 ORDER BY 1');
    const byFeature = await readAll(source({ onlyFeatureName: 'b2b' }), 50); // Polish_CI_AS: case-insensitive
    expect(byFeature.products.map((p) => Number(p.externalId))).toEqual(b2b.map((r) => r.id));
    const byWeb = await readAll(source({ onlyWebShop: true }), 50);
    expect(byWeb.products.map((p) => Number(p.externalId))).toEqual(web.map((r) => r.id));
    const err = await source({ onlyFeatureName: 'Nie ma takiej cechy' }).fetchPage(null, 10).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIGURATION', field: 'onlyFeatureName' });
  });
});
