/**
 * `npm run bench -- api-list` (or `--only api-list`): GET /api/v1/products under load. Self-contained (no
 * Temporal, no worker). A throw-away database (on
 * PPM_BENCH_ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) with BENCH_LIST_PRODUCTS
 * products (default 100,000) and 3 shops of ledger rows; the real API (HTTP, authentication with a service
 * token, validation) in a child process; BENCH_LIST_CLIENTS (default 50) concurrent clients for
 * BENCH_LIST_SECONDS (default 20, after 3 s of warm-up), each asking for a search + filter + sort page:
 *   ?q=<adjective noun>&status=active&syncState=outdated&syncShopId=<shop>&sort=-price&pageSize=50
 * with the words and shop drawn at random. Prints p50/p95/p99 and throughput; the goal is p95 ≤ 25 ms.
 * Then the same request open-loop at fixed arrival rates (BENCH_LIST_RATES, default 100,200 requests/s; Poisson
 * arrivals for BENCH_LIST_OPEN_SECONDS, default 10, after 3 s of warm-up): achieved rate and p50/p95/p99 measured
 * from each request's scheduled arrival. For each run it prints the CPU one request costs (the API process plus the
 * database's backends for this database, from /proc), and the floor that puts on throughput: requests/s ≤ cores ÷ CPU
 * per request.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { ADJECTIVES, NOUNS, SHOPS, seedListCatalogue } from '../apiListSeed';
import { startBenchApiServer } from '../apiServerProcess';
import { latencyPercentiles, latencySummary, measureLatencies } from '../latencyStats';
import { measureOpenLoop, processCpuMs } from '../openLoop';
import { withThrowawayDatabase } from '../throwawayDatabase';

const FULL_PRODUCTS = Number(process.env.BENCH_LIST_PRODUCTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_LIST_CLIENTS ?? 50);
const FULL_SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const RATES = (process.env.BENCH_LIST_RATES ?? '100,200').split(',').map(Number).filter((r) => r > 0);
const FULL_OPEN_SECONDS = Number(process.env.BENCH_LIST_OPEN_SECONDS ?? 10);

/** CPU (ms) used so far by the API process and by each database backend serving `db`'s database, by pid. */
async function cpuNow(db: pg.Client, apiPid: number): Promise<Map<number, number>> {
  const backends = (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows;
  const out = new Map<number, number>();
  for (const pid of [apiPid, ...backends.map((b) => b.pid)]) {
    const ms = processCpuMs(pid);
    if (ms !== null) out.set(pid, ms);
  }
  return out;
}
const cpuSince = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();

/** `scale.factor` N runs at 1/N of the products and of the measuring time (at least 5 s each; `--quick` is N = 20). */
export async function apiListScenario(scale: { factor: number } = { factor: 1 }): Promise<void> {
  const PRODUCTS = Math.max(1000, Math.round(FULL_PRODUCTS / scale.factor));
  const SECONDS = Math.max(5, Math.round(FULL_SECONDS / scale.factor));
  const OPEN_SECONDS = Math.max(5, Math.round(FULL_OPEN_SECONDS / scale.factor));
  await withThrowawayDatabase('ppm_bench_list', async (database) => {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const seeded = Date.now();
    await seedListCatalogue(db, PRODUCTS);
    const ledger = (await db.query('SELECT count(*)::int AS n FROM sync_state')).rows[0].n as number;
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

      let answered = 0; // every answer, warm-up included: the CPU is read over the whole run
      const ask = async (signal?: AbortSignal) => {
        const res = await fetch(url(), { headers, signal });
        await res.arrayBuffer();
        answered++;
        return res.status === 200;
      };
      const cpu0 = await cpuNow(db, server.pid);
      const closedLoop = await measureLatencies({ clients: CLIENTS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }, () => ask());
      const cpuPerRequest = +(cpuSince(cpu0, await cpuNow(db, server.pid)) / answered).toFixed(2);
      const cores = os.cpus().length;
      const openLoop = [];
      for (const rate of RATES) {
        const before = await cpuNow(db, server.pid);
        answered = 0;
        const run = await measureOpenLoop({ ratePerSecond: rate, seconds: OPEN_SECONDS, warmupSeconds: WARMUP_SECONDS }, ask);
        const cpuMs = cpuSince(before, await cpuNow(db, server.pid));
        openLoop.push({
          rate,
          achievedPerSecond: +run.achievedPerSecond.toFixed(1),
          errors: run.errors,
          unanswered: run.unanswered,
          ...latencyPercentiles(run.latencies),
          cpuMsPerRequest: answered ? +(cpuMs / answered).toFixed(2) : null,
        });
      }
      const result = {
        scenario: 'api-list',
        products: PRODUCTS,
        ledgerRows: ledger,
        clients: CLIENTS,
        seconds: SECONDS,
        ...latencySummary(closedLoop, SECONDS),
        goalP95Ms: 25,
        cpuMsPerRequest: cpuPerRequest,
        cores,
        maxPerSecondByCpu: Math.floor((cores * 1000) / cpuPerRequest),
        openLoop,
      };
      console.log(`GET /api/v1/products ?q=<2 words>&status=active&syncState=outdated&syncShopId=<1..3>&sort=-price&pageSize=50`);
      console.log(`${CLIENTS} clients, ${SECONDS} s: ${result.requests} requests (${result.perSecond}/s), ${result.errors} errors; p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms (goal p95 ≤ 25 ms)`);
      console.log(`CPU per request (API process + its database backends): ${cpuPerRequest} ms → at most ${result.maxPerSecondByCpu} requests/s on ${cores} cores, whatever the latency`);
      for (const o of openLoop) {
        console.log(`open loop at ${o.rate}/s (Poisson arrivals, ${OPEN_SECONDS} s): achieved ${o.achievedPerSecond}/s, ${o.errors} errors, ${o.unanswered} unanswered after ${OPEN_SECONDS} s more; p50 ${o.p50Ms} ms, p95 ${o.p95Ms} ms, p99 ${o.p99Ms} ms; CPU ${o.cpuMsPerRequest} ms per request`);
      }
      console.log(JSON.stringify(result));
      const resultsDir = path.join(__dirname, '..', 'results');
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.writeFileSync(path.join(resultsDir, `api-list-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await server.stop();
      await db.end();
    }
  });
}
