import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createSequelize } from '../../src/db/database';
import { migrateUp } from '../../src/db/migrator';
import { startDevServer } from '../../src/temporal/devServer';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../../src/temporal/searchAttributes';
import { resolveTemporalCli } from '../../src/temporal/resolveCli';
import { WORKFLOWS_PATH } from '../../src/temporal/workflowsPath';
import { freePort } from '../helpers/freePort';
import { adminDatabaseUrl, createDatabase } from './testDatabase';
import type { TestRun } from './testRun';

/**
 * Once per `jest` run: a throw-away PostgreSQL database (migrated), a real Temporal dev server (in memory,
 * headless, on a free port) and the workflow bundle. Tests read them from the environment.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-test-'));
  const adminUrl = adminDatabaseUrl();
  const dbName = `ppm_test_${Date.now()}_${process.pid}`;
  const dbUrl = await createDatabase(adminUrl, dbName);
  const sequelize = createSequelize({ url: dbUrl, poolMax: 2, ssl: false });
  await migrateUp(sequelize);
  await sequelize.close();

  const cli = resolveTemporalCli();
  const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, logLevel: 'error', searchAttributes: { ...DEV_SERVER_SEARCH_ATTRIBUTES } });

  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never });
  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);

  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: path.join(tmp, 'data'),
    DATABASE_URL: dbUrl,
    TEMPORAL_ADDRESS: server.address,
    PPM_WORKFLOW_BUNDLE_PATH: bundlePath,
    // The simulators listen on loopback: the outbound allow-list must permit it (as an operator would).
    OUTBOUND_ALLOWED_NETWORKS: process.env.OUTBOUND_ALLOWED_NETWORKS ?? '127.0.0.0/8,::1',
  });
  const run: TestRun = { tmp, adminUrl, dbName, stopTemporal: () => server.stop() };
  (globalThis as { __ppmTestRun?: TestRun }).__ppmTestRun = run;
  process.stderr.write(`\n[test setup] PostgreSQL db ${dbName}, Temporal ${server.address} (${cli.source}), ready in ${Date.now() - started} ms\n`);
}
