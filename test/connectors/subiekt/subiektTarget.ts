import { SubiektSource } from '../../../src/connectors/subiekt/SubiektSource';
import type { SubiektConfig } from '../../../src/connectors/subiekt/SubiektConfig';
import { startSqlServerSimulator, type SqlServerSimulator, type SqlServerSimulatorOptions } from '../../../src/simulators/sqlserver/sqlServerSimulator';

/** A real SQL Server with Subiekt GT when SUBIEKT_SQL_* are set; otherwise the simulator. */
export const REAL_SERVER = Boolean(process.env.SUBIEKT_SQL_SERVER && process.env.SUBIEKT_SQL_DATABASE && process.env.SUBIEKT_SQL_USER && process.env.SUBIEKT_SQL_PASSWORD);

let announced = false;
export function announceTarget(): void {
  if (announced) return;
  announced = true;
  process.stderr.write(
    REAL_SERVER
      ? `[subiekt contract] running against REAL SQL Server ${process.env.SUBIEKT_SQL_SERVER}/${process.env.SUBIEKT_SQL_DATABASE}; simulator-only tests are skipped\n`
      : '[subiekt contract] running against the SQL Server simulator (set SUBIEKT_SQL_SERVER/DATABASE/USER/PASSWORD for a real server)\n',
  );
}

/** `it` for tests that need the simulator (ground truth from its database, fault injection). */
export const simIt = REAL_SERVER ? it.skip : it;

export function uniqueSchema(tag: string): string {
  return `subiekt_sim_${tag}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
}

export async function startTestSimulator(tag: string, extra: Partial<SqlServerSimulatorOptions> = {}): Promise<SqlServerSimulator> {
  return startSqlServerSimulator({ databaseUrl: process.env.DATABASE_URL!, schema: uniqueSchema(tag), seed: { products: 300, seed: 7 }, ...extra });
}

export function simConfig(sim: SqlServerSimulator, over: Partial<SubiektConfig> = {}): SubiektConfig {
  return {
    server: sim.host,
    port: sim.port,
    database: sim.database,
    user: sim.user,
    password: sim.password,
    encrypt: false,
    trustServerCertificate: true,
    priceLevel: 1,
    warehouseIds: [1, 2],
    requestTimeoutMs: 10_000,
    connectTimeoutMs: 5_000,
    ...over,
  };
}

export function realConfig(over: Partial<SubiektConfig> = {}): SubiektConfig {
  return {
    server: process.env.SUBIEKT_SQL_SERVER!,
    port: process.env.SUBIEKT_SQL_PORT ? Number(process.env.SUBIEKT_SQL_PORT) : undefined,
    instanceName: process.env.SUBIEKT_SQL_INSTANCE,
    database: process.env.SUBIEKT_SQL_DATABASE!,
    user: process.env.SUBIEKT_SQL_USER!,
    password: process.env.SUBIEKT_SQL_PASSWORD!,
    encrypt: process.env.SUBIEKT_SQL_ENCRYPT !== 'false',
    trustServerCertificate: true,
    priceLevel: Number(process.env.SUBIEKT_SQL_PRICE_LEVEL ?? 1),
    warehouseIds: (process.env.SUBIEKT_SQL_WAREHOUSES ?? '1').split(',').map(Number),
    ...over,
  };
}

export async function readAll(source: SubiektSource, pageSize: number, cursor: string | null = null) {
  const products = [];
  const cursors: string[] = [];
  for (;;) {
    const page = await source.fetchPage(cursor, pageSize);
    products.push(...page.products);
    if (!page.nextCursor) break;
    cursors.push(page.nextCursor);
    cursor = page.nextCursor;
  }
  return { products, cursors };
}
