import net from 'node:net';
import { Pool } from 'pg';
import { logger } from '../../logging/logger';
import { Catalog } from './catalog/Catalog';
import { createSchema } from './catalog/pgSchema';
import { SUBIEKT_TABLES } from './catalog/subiektTables';
import { noFaults, type SimulatorFaults } from './faults';
import { loadSeed } from './seed/seedLoader';
import { generateSubiektSeed, type SeedOptions } from './seed/subiektSeed';
import { SimulatorDb } from './SimulatorDb';
import { TdsSession } from './tds/TdsSession';

export interface SqlServerSimulatorOptions {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  /** PostgreSQL that holds the simulated data */
  databaseUrl: string;
  /** PostgreSQL schema to (re)create; default subiekt_sim_default. Everything in it is dropped at start. */
  schema?: string;
  /** SQL Server database name clients connect to; default SUBIEKT */
  database?: string;
  login?: { user: string; password: string };
  /** seed data; false = empty tables */
  seed?: SeedOptions | false;
  faults?: Partial<SimulatorFaults>;
}

export interface SqlServerSimulator {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** mutable: change between calls to inject faults */
  faults: SimulatorFaults;
  db: SimulatorDb;
  catalog: Catalog;
  stop(): Promise<void>;
}

export const SIMULATOR_VERSION_TEXT =
  'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n\tOct  8 2022 05:58:25 \n\tCopyright (C) 2022 Microsoft Corporation\n\tExpress Edition (64-bit) on PPM Sync Subiekt GT simulator (TDS 7.4 over PostgreSQL)';

/**
 * Starts a TCP server that speaks TDS 7.4 (no TLS) like a SQL Server holding a Subiekt GT database. Queries are
 * parsed as T-SQL, checked against the Subiekt catalog and executed on PostgreSQL.
 */
export async function startSqlServerSimulator(opts: SqlServerSimulatorOptions): Promise<SqlServerSimulator> {
  const schema = opts.schema ?? 'subiekt_sim_default';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid simulator schema name: ${schema}`);
  const database = opts.database ?? 'SUBIEKT';
  const login = opts.login ?? { user: 'ppm_reader', password: 'Subiekt!2024' };
  const pool = new Pool({ connectionString: opts.databaseUrl, max: 6 });
  pool.on('error', () => undefined);
  const catalog = new Catalog(SUBIEKT_TABLES);
  const ciCollation = await createSchema(pool, schema, catalog);
  if (opts.seed !== false) await loadSeed(pool, schema, catalog, generateSubiektSeed(opts.seed ?? { products: 200 }));
  const faults: SimulatorFaults = { ...noFaults(), ...opts.faults };
  const sockets = new Set<net.Socket>();
  let nextSpid = 51;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    new TdsSession(socket, { pool, catalog, schema, database, ciCollation, login, faults, version: SIMULATOR_VERSION_TEXT, log: (m) => logger.debug(`[sqlserver-sim] ${m}`) }, nextSpid++);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    database,
    user: login.user,
    password: login.password,
    faults,
    catalog,
    db: new SimulatorDb(pool, schema, catalog),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
