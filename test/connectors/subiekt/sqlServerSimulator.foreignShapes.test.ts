import sql from 'mssql';
import type { SqlServerSimulator } from '../../../src/simulators/sqlserver/sqlServerSimulator';
import { REAL_SERVER, simIt, startTestSimulator } from './subiektTarget';

const POLISH = 'ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ';

/**
 * Request shapes our connector never sends but other drivers do, through plain mssql/tedious: prepared statements
 * (sp_prepare / sp_execute / sp_unprepare over RPC), transactions through TRANSACTION_MANAGER requests (ENVCHANGE
 * begin/commit/rollback and the descriptor in later requests' ALL_HEADERS), T-SQL transaction statements and
 * session options in batches, and reuse of one connection after errors.
 */
describe('SQL Server simulator: prepared statements, transactions, session options', () => {
  let sim: SqlServerSimulator;
  let pool: sql.ConnectionPool;

  beforeAll(async () => {
    if (REAL_SERVER) return;
    sim = await startTestSimulator('shapes', { seed: { products: 40, seed: 3 } });
    pool = new sql.ConnectionPool({ server: sim.host, port: sim.port, database: sim.database, user: sim.user, password: sim.password, options: { encrypt: false }, pool: { max: 1 }, requestTimeout: 5000 });
    await pool.connect();
  });

  afterAll(async () => {
    await pool?.close();
    await sim?.stop();
  });

  simIt('prepares, executes (twice, with Polish text and decimals) and unprepares a statement', async () => {
    const ps = new sql.PreparedStatement(pool);
    ps.input('name', sql.NVarChar(200));
    ps.input('minId', sql.Int);
    ps.input('d', sql.Decimal(19, 4));
    await ps.prepare('SELECT @name AS echo, @d AS d, COUNT(*) AS n FROM tw__Towar WHERE tw_Id >= @minId');
    const truth = await sim.db.query<{ id: number }>('SELECT "tw_Id" AS id FROM "tw__Towar" ORDER BY 1');
    const a = await ps.execute({ name: POLISH, minId: truth[10].id, d: 12.5 });
    const b = await ps.execute({ name: 'Żółw', minId: truth[30].id, d: -1.25 });
    await ps.unprepare();
    expect(a.recordset[0]).toEqual({ echo: POLISH, d: 12.5, n: truth.length - 10 });
    expect(b.recordset[0]).toEqual({ echo: 'Żółw', d: -1.25, n: truth.length - 30 });
  });

  simIt('begins, commits and rolls back transactions through TRANSACTION_MANAGER requests', async () => {
    const tx = new sql.Transaction(pool);
    await tx.begin();
    expect((await new sql.Request(tx).query('SELECT @@TRANCOUNT AS n')).recordset[0].n).toBe(1);
    await tx.commit();
    expect((await pool.request().query('SELECT @@TRANCOUNT AS n')).recordset[0].n).toBe(0);
    const tx2 = new sql.Transaction(pool);
    await tx2.begin(sql.ISOLATION_LEVEL.SNAPSHOT);
    await new sql.Request(tx2).query(`SELECT TOP 1 tw_Nazwa FROM tw__Towar WHERE tw_Nazwa LIKE N'%ż%'`);
    await tx2.rollback();
    expect((await pool.request().query('SELECT @@TRANCOUNT AS n')).recordset[0].n).toBe(0);
  });

  simIt('answers T-SQL transaction statements and SET options in batches as SQL Server does', async () => {
    const r = await pool.request().batch(
      'SET NOCOUNT ON; SET XACT_ABORT ON; SET TEXTSIZE 65536; SET LOCK_TIMEOUT 2000; SET IMPLICIT_TRANSACTIONS OFF; SET DATEFIRST 1\n' +
        'BEGIN TRANSACTION; BEGIN TRAN t2; SELECT @@TRANCOUNT AS depth, @@LOCK_TIMEOUT AS lt, @@TEXTSIZE AS ts, @@DATEFIRST AS df, @@MAX_PRECISION AS mp; COMMIT; IF @@TRANCOUNT > 0 COMMIT TRANSACTION;\n' +
        'SELECT @@TRANCOUNT AS after; SET NOCOUNT OFF; SET XACT_ABORT OFF; SET LOCK_TIMEOUT -1; SET DATEFIRST 7',
    );
    const sets = r.recordsets as Array<sql.IRecordSet<Record<string, unknown>>>;
    expect(sets[0]).toEqual([{ depth: 2, lt: 2000, ts: 65536, df: 1, mp: 38 }]);
    expect(sets[1]).toEqual([{ after: 0 }]);
  });

  simIt('resets the session on RESETCONNECTION: options back to defaults, open transaction rolled back (ENVCHANGE 18 first)', async () => {
    await pool.request().batch('SET LOCK_TIMEOUT 1234; BEGIN TRANSACTION');
    expect((await pool.request().query('SELECT @@LOCK_TIMEOUT AS lt, @@TRANCOUNT AS n')).recordset[0]).toEqual({ lt: 1234, n: 1 });
    // mssql's pool hands out the underlying tedious connection (acquire/release are not in its typings)
    type TediousConnection = { reset(cb: (err?: Error) => void): void; on(event: 'resetConnection', cb: () => void): void };
    const raw = pool as unknown as { acquire(): Promise<TediousConnection>; release(c: TediousConnection): void };
    const connection = await raw.acquire();
    let acknowledged = false;
    connection.on('resetConnection', () => (acknowledged = true));
    try {
      await new Promise<void>((resolve, reject) => connection.reset((err) => (err ? reject(err) : resolve())));
    } finally {
      raw.release(connection);
    }
    expect(acknowledged).toBe(true);
    expect((await pool.request().query('SELECT @@LOCK_TIMEOUT AS lt, @@TRANCOUNT AS n')).recordset[0]).toEqual({ lt: -1, n: 0 });
  });

  simIt('gives SQL Server error numbers for transaction misuse and unknown options, and the connection goes on', async () => {
    await expect(pool.request().batch('ROLLBACK')).rejects.toMatchObject({ number: 3903, class: 16 });
    await expect(pool.request().batch('COMMIT TRAN')).rejects.toMatchObject({ number: 3902, class: 16 });
    await expect(pool.request().batch('SAVE TRANSACTION x')).rejects.toMatchObject({ number: 628 });
    await expect(pool.request().batch('SET NIE_MA_TAKIEJ_OPCJI ON')).rejects.toMatchObject({ number: 195, class: 15 });
    await expect(pool.request().query('SELECT nope FROM tw__Towar WHERE tw_Nazwa = @p')).rejects.toMatchObject({ number: 207 });
    const again = await pool.request().input('p', sql.NVarChar, POLISH).query('SELECT @p AS p');
    expect(again.recordset[0].p).toBe(POLISH);
  });
});
