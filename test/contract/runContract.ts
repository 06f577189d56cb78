/**
 * The API contract test (`npm run test:contract`, and inside `npm test` through apiContract.test.ts): starts `ppm start` against a
 * throw-away database on DATABASE_URL (real PostgreSQL) with its Temporal dev server on free ports and rate
 * limits raised, creates an admin service token, and runs schemathesis (from .tools/venv, see README) with
 * all checks against /openapi.json. Exit code: schemathesis's (non-zero on any failure).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/freePort';
import { adminDatabaseUrl, createDatabase, dropDatabase } from '../setup/testDatabase';
import { SCHEMATHESIS_ARGS, SCHEMATHESIS_BIN, SCHEMATHESIS_GLOBAL_ARGS } from './schemathesisRun';

const ROOT = path.resolve(__dirname, '../..');
const READY_TIMEOUT_MS = 180_000;

async function untilReady(url: string, server: { exitCode: number | null }): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`ppm start exited (${server.exitCode}) before it was ready`);
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} was not 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(ROOT, SCHEMATHESIS_BIN))) {
    process.stderr.write(`schemathesis is not installed in ${path.dirname(path.dirname(SCHEMATHESIS_BIN))}: create it as README's Tests section says (bash .ci/run does).\n`);
    return 1;
  }
  const started = Date.now();
  const adminUrl = adminDatabaseUrl();
  const dbName = `ppm_contract_${Date.now()}_${process.pid}`;
  const databaseUrl = await createDatabase(adminUrl, dbName);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-contract-'));
  const [port, temporalPort, temporalUiPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    DATA_DIR: path.join(tmp, 'data'),
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_DEV_UI_PORT: String(temporalUiPort),
    // The contract is the API a deployment serves: no development sign-in (its own tests are in test/security).
    DEV_LOGIN: 'false',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_AUTH_PER_IP: '1000000',
  };
  delete (env as Record<string, string | undefined>).TEMPORAL_ADDRESS;
  const server = spawn(process.execPath, [path.join(ROOT, 'bin/ppm.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    const base = `http://127.0.0.1:${port}`;
    await untilReady(`${base}/ready`, server);
    const token = execFileSync(process.execPath, [path.join(ROOT, 'bin/ppm.js'), 'token', 'create', '--role', 'admin', '--name', 'contract-test'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    process.stderr.write(`[contract] API ${base} ready in ${Date.now() - started} ms; running schemathesis\n`);
    const args = [...SCHEMATHESIS_GLOBAL_ARGS.map((a) => (a.endsWith('.toml') ? path.join(ROOT, a) : a)), 'run', `${base}/openapi.json`, '--header', `Authorization: Bearer ${token}`, ...SCHEMATHESIS_ARGS, '--report', 'junit', '--report-dir', path.join(tmp, 'report')];
    const code = await new Promise<number>((resolve) => {
      const st = spawn(path.join(ROOT, SCHEMATHESIS_BIN), args, { cwd: tmp, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
      st.once('exit', (c) => resolve(c ?? 1));
    });
    process.stderr.write(`[contract] schemathesis exit code ${code}; total ${Math.round((Date.now() - started) / 1000)} s\n`);
    return code;
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT');
      await exited;
    }
    await dropDatabase(adminUrl, dbName).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[contract] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
