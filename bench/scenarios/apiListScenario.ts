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
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ADJECTIVES, NOUNS, SHOPS, seedListCatalogue } from '../apiListSeed';
import { startBenchApiServer } from '../apiServerProcess';
import { measureLatencies, percentile } from '../latencyStats';
import { withThrowawayDatabase } from '../throwawayDatabase';

const PRODUCTS = Number(process.env.BENCH_LIST_PRODUCTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_LIST_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();

export async function apiListScenario(): Promise<void> {
  await withThrowawayDatabase('ppm_bench_list', async (database) => {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const seeded = Date.now();
    await seedListCatalogue(db, PRODUCTS);
    const ledger = (await db.query('SELECT count(*)::int AS n FROM sync_state')).rows[0].n as number;
    await db.end();
    console.log(`seeded ${PRODUCTS} products and ${ledger} ledger rows (${SHOPS} shops) in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const server = await startBenchApiServer(database, 'user');
    try {
      const headers = { authorization: `Bearer ${server.token}` };
      const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
      const url = () =>
        `http://127.0.0.1:${server.port}/api/v1/products?q=${encodeURIComponent(fold(`${pick(ADJECTIVES)} ${pick(NOUNS)}`))}&status=active&syncState=outdated&syncShopId=${1 + Math.floor(Math.random() * SHOPS)}&sort=-price&pageSize=50`;

      const sample = await fetch(url(), { headers });
      const sampleBody = (await sample.json()) as { items: unknown[]; total: number; totalExact: boolean };
      if (sample.status !== 200) throw new Error(`sample request answered ${sample.status}: ${JSON.stringify(sampleBody)}`);
      console.log(`sample: ${sampleBody.items.length} items, total ${sampleBody.total} (${sampleBody.totalExact ? 'exact' : 'estimated'})`);

      const { latencies, errors } = await measureLatencies({ clients: CLIENTS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }, async () => {
        const res = await fetch(url(), { headers });
        await res.arrayBuffer();
        return res.status === 200;
      });
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
      await server.stop();
    }
  });
}
