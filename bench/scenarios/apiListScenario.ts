/**
 * `npm run bench -- api-list` (or `--only api-list`): GET /api/v1/products under load. Self-contained (no
 * Temporal, no worker). A throw-away database (on
 * PPM_BENCH_ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) with BENCH_LIST_PRODUCTS
 * products (default 100,000) and 3 shops of ledger rows; the real API (HTTP, authentication with a service
 * token, validation) in a child process; BENCH_LIST_CLIENTS (default 50) concurrent clients for
 * BENCH_LIST_SECONDS (default 20, after 3 s of warm-up), each asking for a search + filter + sort page:
 *   ?q=<adjective noun>&status=active&syncState=outdated&syncShopId=<shop>&sort=-price&pageSize=50
 * with the words and shop drawn at random. Prints p50/p95/p99 and throughput; the goal is p95 ≤ 25 ms.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createSequelize } from '../../src/db/database';
import { migrateUp } from '../../src/db/migrator';
import { ADJECTIVES, NOUNS, SHOPS, seedListCatalogue } from '../apiListSeed';

const PRODUCTS = Number(process.env.BENCH_LIST_PRODUCTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_LIST_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const ADMIN_URL = process.env.PPM_BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function apiListScenario(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-bench-list-'));
  const dbName = `ppm_bench_list_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  let child: ReturnType<typeof fork> | null = null;
  try {
    const sequelize = createSequelize({ url: dbUrl, poolMax: 2, ssl: false });
    await migrateUp(sequelize);
    await sequelize.close();
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const seeded = Date.now();
    await seedListCatalogue(db, PRODUCTS);
    const ledger = (await db.query('SELECT count(*)::int AS n FROM sync_state')).rows[0].n as number;
    await db.end();
    console.log(`seeded ${PRODUCTS} products and ${ledger} ledger rows (${SHOPS} shops) in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    child = fork(require.resolve('../apiListServer.ts'), [], { env: { ...process.env, DATABASE_URL: dbUrl, DATA_DIR: tmp, NODE_ENV: 'test' }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const { port, token } = await new Promise<{ port: number; token: string }>((resolve) => child!.once('message', (m) => resolve(m as never)));
    const headers = { authorization: `Bearer ${token}` };
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const url = () =>
      `http://127.0.0.1:${port}/api/v1/products?q=${encodeURIComponent(fold(`${pick(ADJECTIVES)} ${pick(NOUNS)}`))}&status=active&syncState=outdated&syncShopId=${1 + Math.floor(Math.random() * SHOPS)}&sort=-price&pageSize=50`;

    const sample = await fetch(url(), { headers });
    const sampleBody = (await sample.json()) as { items: unknown[]; total: number; totalExact: boolean };
    if (sample.status !== 200) throw new Error(`sample request answered ${sample.status}: ${JSON.stringify(sampleBody)}`);
    console.log(`sample: ${sampleBody.items.length} items, total ${sampleBody.total} (${sampleBody.totalExact ? 'exact' : 'estimated'})`);

    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const measureFrom = started + WARMUP_SECONDS * 1000;
    const end = measureFrom + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          const res = await fetch(url(), { headers });
          await res.arrayBuffer();
          const t1 = performance.now();
          if (t0 < measureFrom) continue;
          if (res.status !== 200) errors++;
          else latencies.push(t1 - t0);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const result = {
      scenario: 'api-list',
      products: PRODUCTS,
      ledgerRows: ledger,
      clients: CLIENTS,
      seconds: SECONDS,
      requests: latencies.length,
      errors,
      perSecond: Math.round(latencies.length / SECONDS),
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      goalP95Ms: 25,
    };
    console.log(`GET /api/v1/products ?q=<2 words>&status=active&syncState=outdated&syncShopId=<1..3>&sort=-price&pageSize=50`);
    console.log(`${CLIENTS} clients, ${SECONDS} s: ${result.requests} requests (${result.perSecond}/s), ${errors} errors; p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms (goal p95 ≤ 25 ms)`);
    console.log(JSON.stringify(result));
    const resultsDir = path.join(__dirname, '..', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, `api-list-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    child?.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

