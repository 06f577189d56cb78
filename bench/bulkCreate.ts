/**
 * `npm run bench`: a bulk create of BENCH_PRODUCTS (default 10,000) products to BENCH_SHOPS (default 3)
 * simulated PrestaShop shops, through the real stack: PostgreSQL (a throw-away database on
 * PPM_BENCH_ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), a Temporal dev server,
 * a PPM worker in a child process, and the same job starter the API uses.
 * Prints wall time, history events of the largest run, the number of runs, and the worker's peak memory.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { SecretBox } from '../src/crypto/secretBox';
import { loadConfig } from '../src/config/env';
import { createSequelize } from '../src/db/database';
import { migrateUp } from '../src/db/migrator';
import { startBulkJob } from '../src/jobs/jobStarter';
import { startPrestaShopSimulator } from '../src/simulators/prestashop';
import { encryptShopApiKey } from '../src/sync/shopCredentials';
import { startDevServer } from '../src/temporal/devServer';
import { resolveTemporalCli } from '../src/temporal/resolveCli';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../src/temporal/searchAttributes';
import { WORKFLOWS_PATH } from '../src/temporal/workflowsPath';
import { progressQuery } from '../workflows/messages';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const SHOPS = Number(process.env.BENCH_SHOPS ?? 3);
const ADMIN_URL = process.env.PPM_BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  // Ctrl-C still drops the bench database and stops the dev server and the worker.
  const interrupted = new Promise<never>((_, reject) => process.once('SIGINT', () => reject(new Error('interrupted'))));
  interrupted.catch(() => undefined);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-bench-'));
  const dbName = `ppm_bench_${Date.now()}`;
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const cleanups: Array<() => Promise<unknown>> = [async () => adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`), async () => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    const sequelize = createSequelize({ url: dbUrl, poolMax: 5, ssl: false });
    cleanups.unshift(() => sequelize.close());
    await migrateUp(sequelize);
    const server = await startDevServer({ cliPath: resolveTemporalCli().path, port: await freePort(), uiPort: null, logLevel: 'error', searchAttributes: { ...DEV_SERVER_SEARCH_ATTRIBUTES } });
    cleanups.unshift(() => server.stop());
    const bundlePath = path.join(tmp, 'workflows.js');
    fs.writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never })).code);

    const env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'error', DATA_DIR: path.join(tmp, 'data'), DATABASE_URL: dbUrl, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: 'ppm-bench', PPM_WORKFLOW_BUNDLE_PATH: bundlePath, DATABASE_POOL_MAX: '40' };
    const config = loadConfig(env);
    const box = new SecretBox(config.ENCRYPTION_KEY);

    const sims = await Promise.all(Array.from({ length: SHOPS }, (_, i) => startPrestaShopSimulator({ shopName: `bench-${i}` })));
    cleanups.unshift(() => Promise.all(sims.map((s) => s.stop())));
    const shopIds: number[] = [];
    for (const [i, sim] of sims.entries()) {
      const [[row]] = (await sequelize.query(
        `INSERT INTO shops (name, base_url, ps_version, api_key_encrypted, api_key_hint, language_map, tax_rules_map, max_concurrency, max_requests_per_second)
         VALUES ($1, $2, '8', '', '••••', '{"pl":1,"en":2}', '{"23":1}', 8, 100000) RETURNING id`,
        { bind: [`bench-${i}`, sim.url] },
      )) as unknown as [[{ id: number }]];
      await sequelize.query(`UPDATE shops SET api_key_encrypted = $2 WHERE id = $1`, { bind: [row.id, encryptShopApiKey(box, { id: row.id, baseUrl: sim.url }, sim.key)] });
      shopIds.push(row.id);
    }
    await sequelize.query(
      `INSERT INTO products (sku, name, description, price_net, vat_rate, weight_kg, stock, unit)
       SELECT 'BENCH-' || lpad(g::text, 6, '0'), 'Produkt ' || g, 'Opis produktu ' || g, (10 + g % 90)::numeric, 23, 0.5, g % 50, 'szt'
         FROM generate_series(1, $1::int) g`,
      { bind: [PRODUCTS] },
    );
    const [ids] = (await sequelize.query(`SELECT array_agg(id ORDER BY id) AS ids FROM products`)) as unknown as [[{ ids: number[] }]];

    // `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/bulkCreate.ts` profiles the worker too.
    const profiling = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
    const child = fork(require.resolve('./benchWorker.ts'), [], { env, execArgv: ['--import', 'tsx', ...profiling], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const messages: Array<Record<string, unknown>> = [];
    const waitMessage = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
    cleanups.unshift(async () => child.exitCode === null && child.kill('SIGKILL'));
    messages.push(await waitMessage());

    const connection = await Connection.connect({ address: server.address });
    cleanups.unshift(() => connection.close());
    const temporal = new Client({ connection });
    console.log(`bench: ${PRODUCTS} products × ${SHOPS} shops (simulated PrestaShop 8.2, in-process), worker in a child process`);
    const started = Date.now();
    const { jobId } = await startBulkJob({ temporal, sequelize, taskQueue: 'ppm-bench' }, { operation: 'create', productIds: ids[0].ids, shopIds, userId: 'bench' });
    const handle = temporal.workflow.getHandle(jobId);
    let lastLog = 0;
    for (;;) {
      const d = await handle.describe();
      if (d.status.name !== 'RUNNING') break;
      const p = await handle.query(progressQuery).catch(() => null);
      if (p && Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        console.log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${p.done}/${p.total} (run ${p.runIndex})`);
      }
      await Promise.race([new Promise((r) => setTimeout(r, 500)), interrupted]);
    }
    const wallMs = Date.now() - started;
    const final = (await handle.describe()).memo?.progress as { done: number; created: number; failed: number; runIndex: number } | undefined;
    const runs: number[] = [];
    for await (const w of temporal.workflow.list({ query: `WorkflowId = '${jobId}'` })) runs.push(w.historyLength);
    child.send('stop');
    const mem = await waitMessage();
    // Let the worker exit on its own (it writes its --cpu-prof profile on exit) before the cleanup kills it.
    await Promise.race([new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r))), new Promise((r) => setTimeout(r, 15_000))]);
    const perShop = sims.map((s) => {
      const refs = ((s.state() as { products?: Array<{ values: Record<string, string> }> }).products ?? []).map((p) => p.values.reference);
      return { products: refs.length, unique: new Set(refs).size };
    });
    console.log(
      JSON.stringify(
        {
          products: PRODUCTS,
          shops: SHOPS,
          wallTimeSeconds: Math.round(wallMs / 100) / 10,
          itemsPerSecond: Math.round((PRODUCTS * SHOPS) / (wallMs / 1000)),
          result: final && { done: final.done, created: final.created, failed: final.failed },
          runs: runs.length,
          historyEventsLargestRun: Math.max(...runs),
          workerPeakRssMb: mem.maxRssMb,
          workerPeakHeapMb: mem.peakHeapMb,
          shopsAfter: perShop,
        },
        null,
        2,
      ),
    );
  } finally {
    for (const c of cleanups) await c().catch((e) => console.error('cleanup:', (e as Error).message));
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
