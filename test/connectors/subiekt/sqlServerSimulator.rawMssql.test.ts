import sql from 'mssql';
import type { SqlServerSimulator } from '../../../src/simulators/sqlserver/sqlServerSimulator';
import { announceTarget, REAL_SERVER, simIt, startTestSimulator } from './subiektTarget';

/** Plain mssql (not our connector) against the simulator: ad-hoc SELECTs are executed, not matched. */
describe('SQL Server simulator with the raw mssql driver', () => {
  let sim: SqlServerSimulator;
  let pool: sql.ConnectionPool;

  beforeAll(async () => {
    announceTarget();
    if (REAL_SERVER) return;
    sim = await startTestSimulator('raw', { seed: { products: 80, seed: 9 } });
    pool = new sql.ConnectionPool({ server: sim.host, port: sim.port, database: sim.database, user: sim.user, password: sim.password, options: { encrypt: false, useUTC: false }, requestTimeout: 5000 });
    await pool.connect();
  });

  afterAll(async () => {
    await pool?.close();
    await sim?.stop();
  });

  simIt('executes an ad-hoc parameterized SELECT with JOIN, LIKE, TOP and ORDER BY', async () => {
    const r = await pool
      .request()
      .input('pat', sql.NVarChar(50), '%a%')
      .input('minPrice', sql.Money, 50.5)
      .input('n', sql.Int, 7)
      .query(
        `SELECT TOP (@n) t.tw_Symbol AS sym, UPPER(t.tw_Nazwa) AS nazwa, c.tc_CenaNetto1 AS net, ISNULL(t.tw_IdGrupa, -1) AS grp
         FROM dbo.tw__Towar t WITH (NOLOCK) INNER JOIN dbo.tw_Cena AS c ON c.tc_IdTowar = t.tw_Id
         WHERE t.tw_Nazwa LIKE @pat AND c.tc_CenaNetto1 >= @minPrice ORDER BY c.tc_CenaNetto1 DESC, t.tw_Id`,
      );
    const truth = await sim.db.query<{ sym: string; net: string; grp: number }>(
      `SELECT t."tw_Symbol" AS sym, c."tc_CenaNetto1"::text AS net, COALESCE(t."tw_IdGrupa", -1) AS grp FROM "tw__Towar" t JOIN "tw_Cena" c ON c."tc_IdTowar" = t."tw_Id"
       WHERE (t."tw_Nazwa" COLLATE "pl-x-icu") ILIKE '%a%' AND c."tc_CenaNetto1" >= 50.5 ORDER BY c."tc_CenaNetto1" DESC, t."tw_Id" LIMIT 7`,
    );
    expect(r.recordset.map((x) => ({ sym: x.sym, net: x.net.toFixed(4), grp: x.grp }))).toEqual(truth.map((x) => ({ sym: x.sym, net: x.net, grp: x.grp })));
    expect(r.recordset.columns.net.type).toBe(sql.Money);
    expect(r.recordset.columns.sym.type).toBe(sql.VarChar);
    expect(r.recordset.columns.sym.length).toBe(20);
  });

  simIt('executes aggregates with GROUP BY, OFFSET/FETCH and money CONVERT styles', async () => {
    const agg = await pool.request().query(`SELECT s.st_MagId, COUNT(*) AS n, SUM(s.st_Stan - s.st_StanRez) AS dostepne FROM tw_Stan AS s GROUP BY s.st_MagId ORDER BY s.st_MagId`);
    const truth = await sim.db.query<{ mag: number; n: string; avail: string }>(`SELECT "st_MagId" AS mag, COUNT(*) AS n, SUM("st_Stan" - "st_StanRez")::text AS avail FROM "tw_Stan" GROUP BY 1 ORDER BY 1`);
    expect(agg.recordset.map((x) => [x.st_MagId, x.n, x.dostepne.toFixed(4)])).toEqual(truth.map((x) => [x.mag, Number(x.n), Number(x.avail).toFixed(4)]));
    const page = await pool.request().input('off', sql.Int, 5).query(`SELECT tw_Id FROM tw__Towar ORDER BY tw_Id OFFSET @off ROWS FETCH NEXT 3 ROWS ONLY`);
    const ids = await sim.db.query<{ id: number }>(`SELECT "tw_Id" AS id FROM "tw__Towar" ORDER BY 1 OFFSET 5 LIMIT 3`);
    expect(page.recordset.map((x) => x.tw_Id)).toEqual(ids.map((x) => x.id));
    // (a literal: tedious truncates Money parameters, 12.3456 * 10000 in floating point arrives as 123455)
    const conv = await pool.request().query(`SELECT CAST(CAST(12.3456 AS money) AS varchar(30)) AS s0, CONVERT(varchar(30), CAST(12.3456 AS money), 2) AS s2, CAST(CAST(12.9 AS money) AS int) AS i, CAST(12.3456 AS money) * 2 AS dbl`);
    expect(conv.recordset[0]).toEqual({ s0: '12.35', s2: '12.3456', i: 12, dbl: 24.6912 });
  });

  simIt('round-trips typed parameters (int, bigint, bit, decimal, money, varchar/nvarchar with Polish letters, datetime)', async () => {
    const when = new Date(2024, 2, 5, 13, 45, 10, 500);
    const r = await pool
      .request()
      .input('i', sql.Int, -42)
      .input('b', sql.BigInt, '9007199254740993')
      .input('bit', sql.Bit, true)
      .input('d', sql.Decimal(12, 3), 1234.567)
      .input('m', sql.Money, -0.0001)
      .input('v', sql.VarChar(50), 'Zażółć gęślą jaźń')
      .input('nv', sql.NVarChar(50), 'ĄĆĘŁŃÓŚŹŻ')
      .input('dt', sql.DateTime, when)
      .query('SELECT @i AS i, @b AS b, @bit AS bit, @d AS d, @m AS m, @v AS v, @nv AS nv, @dt AS dt, @v + N\' \' + @nv AS joined');
    expect(r.recordset[0]).toEqual({ i: -42, b: '9007199254740993', bit: true, d: 1234.567, m: -0.0001, v: 'Zażółć gęślą jaźń', nv: 'ĄĆĘŁŃÓŚŹŻ', dt: when, joined: 'Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ' });
    const found = await pool.request().input('name', sql.VarChar(50), 'ZAŻÓŁĆ GĘŚLĄ JAŹŃ ąćęłńóśźż').query('SELECT tw_Id, tw_Nazwa FROM tw__Towar WHERE tw_Nazwa = @name');
    expect(found.recordset).toEqual([{ tw_Id: 1, tw_Nazwa: 'Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ' }]); // Polish_CI_AS: case-insensitive
  });

  simIt('returns images as varbinary(max) and runs multi-statement batches', async () => {
    const pic = await pool.request().query('SELECT TOP 1 zd_Id, CAST(zd_Zdjecie AS varbinary(max)) AS data, DATALENGTH(zd_Zdjecie) AS len FROM tw_ZdjecieTw ORDER BY zd_Id');
    const [truth] = await sim.db.query<{ data: Buffer }>('SELECT "zd_Zdjecie" AS data FROM "tw_ZdjecieTw" ORDER BY "zd_Id" LIMIT 1');
    expect(Buffer.compare(pic.recordset[0].data, truth.data)).toBe(0);
    expect(pic.recordset[0].len).toBe(truth.data.length);
    const batch = await pool.request().batch('SET NOCOUNT ON; SELECT COUNT(*) AS n FROM tw__Towar; SELECT mag_Symbol FROM sl_Magazyn ORDER BY mag_Id');
    expect(batch.recordsets).toHaveLength(2);
    expect((batch.recordsets as sql.IRecordSet<{ mag_Symbol: string }>[])[1].map((x) => x.mag_Symbol)).toEqual(['MAG', 'SKL']);
  });

  simIt('answers unsupported or invalid SQL with SQL Server error tokens, never a wrong answer', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['SELECT tw_Foo FROM tw__Towar', 207, /Invalid column name 'tw_Foo'/],
      ['SELECT x.tw_Id FROM dbo.tw_Nieistnieje AS x', 208, /Invalid object name 'dbo.tw_Nieistnieje'/],
      ['SELECT t.tw_Id FROM tw__Towar t CROSS APPLY (SELECT 1 AS one) AS v', 102, /CROSS APPLY/],
      ['SELECT HASHBYTES(\'SHA2_256\', tw_Nazwa) FROM tw__Towar', 195, /HASHBYTES/],
      ["UPDATE tw__Towar SET tw_Nazwa = 'x'", 102, /UPDATE statements/],
      ['SELECT tw_Id FROM tw__Towar UNION SELECT 1', 102, /UNION/],
      ['SELECT ROW_NUMBER() OVER (ORDER BY tw_Id) FROM tw__Towar', 102, /window functions/],
      ['SELECT tw_Id FROM tw__Towar WHERE tw_Id = @missing', 137, /@missing/],
      ['SELECT tw_Id FROM tw__Towar t JOIN tw_Cena c ON c.tc_IdTowar = t.tw_Id WHERE tc_Id = tw_Id AND grt_Id = 1', 207, /grt_Id/],
    ];
    for (const [text, number, message] of cases) {
      const err = await pool.request().query(text).catch((e: unknown) => e);
      expect(err).toMatchObject({ number });
      expect((err as Error).message).toMatch(message);
    }
    // the connection is still usable afterwards
    expect((await pool.request().query('SELECT 1 AS one')).recordset).toEqual([{ one: 1 }]);
  });

  simIt('cancels a running request (ATTENTION) and keeps the connection usable', async () => {
    sim.faults.latencyMs = 3_000;
    try {
      const req = pool.request();
      const pending = req.query('SELECT COUNT(*) AS n FROM tw__Towar').catch((e: unknown) => e);
      setTimeout(() => req.cancel(), 100);
      const err = await pending;
      expect(err).toMatchObject({ code: 'ECANCEL' });
    } finally {
      sim.faults.latencyMs = 0;
    }
    expect((await pool.request().query('SELECT COUNT(*) AS n FROM tw__Towar')).recordset[0].n).toBe(80);
  });
});
