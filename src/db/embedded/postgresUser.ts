import { execFileSync, spawnSync } from 'node:child_process';
import { StartupError } from '../../errors/startupError';

/** The system account PostgreSQL runs as when `ppm start` runs as root (PostgreSQL refuses to run as root). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'postgres';

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function lookup(): RunAs | null {
  try {
    const uid = Number(execFileSync('id', ['-u', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { name: NAME, uid, gid };
  } catch {
    return null;
  }
}

/** The `postgres` system user, created (system account, no login shell) when missing. */
export function ensurePostgresUser(): RunAs {
  const found = lookup();
  if (found) return found;
  const r = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', NAME], { stdio: 'ignore' });
  const created = r.status === 0 ? lookup() : null;
  if (!created) {
    throw new StartupError(
      'ppm start runs as root, so the embedded PostgreSQL must run as a "postgres" system user, which does not exist and could not be created (useradd failed): create it, run ppm start as a normal user, or set DATABASE_URL to use your own PostgreSQL.',
    );
  }
  return created;
}

/** Whether `user` may use `target` with the access `test(1)` checks: `-x` (enter / execute) or `-w` (write). */
export function userCan(user: RunAs, check: '-x' | '-w' | '-r', target: string): boolean {
  return spawnSync('test', [check, target], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' }).status === 0;
}
