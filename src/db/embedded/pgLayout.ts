import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../../logging/logger';
import { locatePgBinaries, pgBinary } from './pgBinaries';
import { ensurePostgresUser, isRoot, type RunAs, userCan } from './postgresUser';

/** Where the embedded PostgreSQL's binaries and data live, and which user runs it (null: this process's user). */
export interface PgLayout {
  nativeDir: string;
  databaseDir: string;
  runAs: RunAs | null;
}

/**
 * Root's PostgreSQL home when the checkout is private: the `postgres` user cannot enter a mode-700 directory
 * such as /root, so the binaries are copied here (root-owned, world-readable) and the data lives here
 * (owned by postgres, mode 700).
 */
export const ROOT_PG_HOME = '/var/lib/ppm-sync';

/**
 * Non-root: binaries from node_modules, data in `<dataDir>/pg`. Root: PostgreSQL runs as the `postgres`
 * user; binaries and data stay in place when that user can reach them, otherwise they move to ROOT_PG_HOME.
 */
export async function resolvePgLayout(dataDir: string): Promise<PgLayout> {
  const binaries = await locatePgBinaries();
  const inPlaceData = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!isRoot()) return { nativeDir: binaries.nativeDir, databaseDir: inPlaceData, runAs: null };

  const runAs = ensurePostgresUser();
  const nativeDir = userCan(runAs, '-x', pgBinary(binaries.nativeDir, 'postgres'))
    ? binaries.nativeDir
    : stageBinaries(binaries.nativeDir, path.join(ROOT_PG_HOME, `postgres-${binaries.version}`));

  if (!fs.existsSync(path.join(inPlaceData, 'PG_VERSION'))) fs.chmodSync(dataDir, 0o755); // data only: secrets files keep mode 600
  const databaseDir = userCan(runAs, '-x', dataDir) ? inPlaceData : privateCheckoutDataDir(dataDir);
  if (databaseDir !== inPlaceData) logger.info(`the postgres user cannot enter ${dataDir}: embedded PostgreSQL data lives in ${databaseDir}`);
  for (const dir of parentsUpTo(ROOT_PG_HOME, databaseDir)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
  }
  fs.mkdirSync(databaseDir, { recursive: true });
  fs.chownSync(databaseDir, runAs.uid, runAs.gid);
  fs.chmodSync(databaseDir, 0o700);
  return { nativeDir, databaseDir, runAs };
}

/** ROOT_PG_HOME and the directories between it and `target` (exclusive), outermost first. */
function parentsUpTo(home: string, target: string): string[] {
  if (!target.startsWith(`${home}/`)) return [];
  const out: string[] = [];
  for (let dir = path.dirname(target); dir.length >= home.length; dir = path.dirname(dir)) out.unshift(dir);
  return out;
}

/** One data directory per DATA_DIR, so two private checkouts never share a catalogue. */
function privateCheckoutDataDir(dataDir: string): string {
  const id = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 12);
  return path.join(ROOT_PG_HOME, `data-${id}`, 'pg');
}

/** Copies bin/, lib/ and share/ (symlinks kept) once per package version; a half-finished copy is never used. */
function stageBinaries(from: string, to: string): string {
  if (fs.existsSync(path.join(to, '.complete'))) return to;
  logger.info(`the postgres user cannot reach ${from}: copying the PostgreSQL binaries to ${to}`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.chmodSync(path.dirname(to), 0o755);
  const partial = `${to}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(from, partial, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(partial, 0o755);
  fs.writeFileSync(path.join(partial, '.complete'), '');
  fs.rmSync(to, { recursive: true, force: true });
  fs.renameSync(partial, to);
  return to;
}
