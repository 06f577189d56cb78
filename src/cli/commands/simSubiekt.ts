import type { RegisterCommand } from './registerCommand';
import { serveUntilSignal, simCommand } from '../simCommand';

function int(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected an integer ${min}–${max}, got '${value}'`);
    return n;
  };
}

interface Options {
  port: number;
  host: string;
  products: number;
  seed: number;
  user: string;
  password: string;
  database: string;
  databaseUrl?: string;
  schema: string;
}

/** `ppm sim subiekt`: a SQL Server (TDS 7.4, no TLS) with a Subiekt GT database, data in PostgreSQL, until Ctrl+C. */
export const register: RegisterCommand = (program) => {
  simCommand(program, 'subiekt')
    .description('Simulate a SQL Server holding a Subiekt GT database (TDS 7.4 without TLS; data kept in PostgreSQL)')
    .option('--port <port>', 'TCP port (0 = random)', int(0, 65535), 1433)
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--products <n>', 'number of seeded products', int(0, 1_000_000), 1000)
    .option('--seed <n>', 'random seed of the generated data', int(0, 2 ** 31), 42)
    .option('--user <user>', 'SQL login', 'ppm_reader')
    .option('--password <password>', 'SQL password', 'Subiekt!2024')
    .option('--database <name>', 'database name', 'SUBIEKT')
    .option('--database-url <url>', 'PostgreSQL URL for the data (default: $DATABASE_URL)')
    .option('--schema <name>', 'PostgreSQL schema to (re)create', 'subiekt_sim_cli')
    .action(async (opts: Options) => {
      const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
      if (!databaseUrl) throw new Error('the Subiekt simulator keeps its data in PostgreSQL: pass --database-url or set DATABASE_URL');
      const started = Date.now();
      const { startSqlServerSimulator } = (require('../../simulators/sqlserver/sqlServerSimulator') as typeof import('../../simulators/sqlserver/sqlServerSimulator'));
      const sim = await startSqlServerSimulator({
        port: opts.port,
        host: opts.host,
        databaseUrl,
        schema: opts.schema,
        database: opts.database,
        login: { user: opts.user, password: opts.password },
        seed: { products: opts.products, seed: opts.seed },
      });
      const lines = [
        `SQL Server simulator with a Subiekt GT database (${opts.products} products, seeded in ${Date.now() - started} ms)`,
        `  server       ${sim.host}`,
        `  port         ${sim.port}`,
        `  database     ${sim.database}`,
        `  user         ${sim.user}`,
        `  password     ${sim.password}`,
        `  encrypt      false (the simulator has no TLS)`,
        `  warehouses   1 = MAG, 2 = SKL;  price levels 1–10 (1 = Detaliczna)`,
        `  data         PostgreSQL schema "${opts.schema}"`,
        `  try          sqlcmd -S ${sim.host},${sim.port} -U ${sim.user} -P '${sim.password}' -d ${sim.database} -Q "SELECT TOP 5 tw_Symbol, tw_Nazwa FROM tw__Towar"`,
        'Ctrl+C to stop.',
      ];
      await serveUntilSignal(lines, sim);
    });
};
