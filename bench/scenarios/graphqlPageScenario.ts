/**
 * `npm run bench -- graphql-page` (or `--only graphql-page`): the GraphQL product page (50 products with
 * categories, images, translations, per-shop overrides and sync state, ERP source) under load. Self-contained
 * like api-list: a throw-away database (PPM_BENCH_ADMIN_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres) with BENCH_GQL_PAGES pages of 50 products (default 20), the
 * real API in a child process (bench/apiListServer.ts, a manager token), BENCH_GQL_CLIENTS concurrent clients
 * (default 10) for BENCH_GQL_SECONDS (default 15, after 3 s of warm-up), each asking for a random page.
 * Prints p50/p95/p99 latency, throughput and the SQL statements one page costs (counted in-process first), and
 * for comparison the same screen over REST (the list, then each product's detail) under the same clients.
 */
import os from 'node:os';
import { createApp } from '../../src/api/app';
import { createServiceToken } from '../../src/auth/serviceTokens';
import { loadConfig } from '../../src/config/env';
import { createSequelize } from '../../src/db/database';
import { openDatabase } from '../../src/runtime/database';
import { listen } from '../../src/runtime/httpServer';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { startBenchApiServer } from '../apiServerProcess';
import { PRODUCT_PAGE_QUERY, type PageSeed, seedGraphqlPage } from '../graphqlPageSeed';
import { latencyPercentiles, latencySummary, measureLatencies } from '../latencyStats';
import { report } from '../report';
import { withThrowawayDatabase } from '../throwawayDatabase';

const PAGES = Number(process.env.BENCH_GQL_PAGES ?? 20);
const CLIENTS = Number(process.env.BENCH_GQL_CLIENTS ?? 10);
const SECONDS = Number(process.env.BENCH_GQL_SECONDS ?? 15);
const WARMUP_SECONDS = 3;

/** SQL statements one page request costs, counted with a query hook on an in-process API over the same database. */
async function statementsPerPage(dbUrl: string, dataDir: string, seeds: PageSeed[]): Promise<number> {
  const config = loadConfig({ ...process.env, DATABASE_URL: dbUrl, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' });
  const sequelize = await openDatabase(config, dbUrl);
  const temporal = new TemporalClient({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const server = await listen(createApp({ config, sequelize, temporal, readinessChecks: [] }), '127.0.0.1', 0);
  try {
    const { token } = await createServiceToken({ name: 'bench-count', role: 'manager', expiresAt: new Date(Date.now() + 600_000), createdBy: null });
    const ask = () =>
      fetch(`http://127.0.0.1:${server.port}/api/v1/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: PRODUCT_PAGE_QUERY, variables: { filter: { skuPrefix: seeds[0].tag }, first: 50 } }),
      }).then((r) => r.json());
    await ask(); // the token's first use is recorded once; count a steady-state request
    let n = 0;
    sequelize.addHook('beforeQuery', 'bench-count', () => {
      n++;
    });
    const body = (await ask()) as { data: { products: { nodes: unknown[] } } };
    if (body.data.products.nodes.length !== 50) throw new Error(`expected 50 products, got ${JSON.stringify(body).slice(0, 300)}`);
    return n;
  } finally {
    await server.close();
    await sequelize.close();
  }
}

export async function graphqlPageScenario(): Promise<void> {
  await withThrowawayDatabase('ppm_bench_gql', async (database) => {
    const sequelize = createSequelize({ url: database.url, poolMax: 2, ssl: false });
    const seeds: PageSeed[] = [];
    for (let i = 0; i < PAGES; i++) seeds.push(await seedGraphqlPage(sequelize, 50, `GQLB${String(i).padStart(3, '0')}`));
    await sequelize.query('ANALYZE'); // planner statistics, as a running catalogue has them
    await sequelize.close();
    const statements = await statementsPerPage(database.url, database.dataDir, seeds);

    const server = await startBenchApiServer(database, 'manager');
    try {
      const { port, token } = server;
      const ask = (tag: string) =>
        fetch(`http://127.0.0.1:${port}/api/v1/graphql`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: PRODUCT_PAGE_QUERY, variables: { filter: { skuPrefix: tag }, first: 50 } }),
        });
      const run = await measureLatencies({ clients: CLIENTS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }, async () => {
        const res = await ask(seeds[Math.floor(Math.random() * seeds.length)].tag);
        const body = (await res.json()) as { errors?: unknown[] };
        return res.status === 200 && !body.errors;
      });
      // The same screen over REST, for comparison on the same machine and load: the list, then each product's detail
      // (categories, images, per-shop overrides and ledger; translations and ERP sources would be more calls still).
      const headers = { authorization: `Bearer ${token}` };
      const { latencies: restLatencies } = await measureLatencies({ clients: CLIENTS, seconds: SECONDS, warmupSeconds: 0 }, async () => {
        const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/products?skuPrefix=${seeds[Math.floor(Math.random() * seeds.length)].tag}&pageSize=50`, { headers })).json()) as { items: { id: number }[] };
        await Promise.all(list.items.map((p) => fetch(`http://127.0.0.1:${port}/api/v1/products/${p.id}`, { headers }).then((r) => r.arrayBuffer())));
        return true;
      });
      const rest = latencyPercentiles(restLatencies);
      const figures = {
        ...latencySummary(run, SECONDS),
        sqlStatementsPerPage: statements,
        restScreens: restLatencies.length,
        restP50Ms: rest.p50Ms,
        restP95Ms: rest.p95Ms,
        load1: +os.loadavg()[0].toFixed(1),
      };
      report('graphql-page', { productsPerPage: 50, pages: PAGES, clients: CLIENTS, seconds: SECONDS }, figures, [
        ['query', 'ProductPage: 50 products × (categories + parent, image, translations, shops + overrides + sync state, ERP source)'],
        ['clients × seconds', `${CLIENTS} × ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up), ${PAGES} distinct pages`],
        ['requests (errors)', `${figures.requests} (${figures.errors}), ${figures.perSecond}/s`],
        ['latency p50 / p95 / p99', `${figures.p50Ms} / ${figures.p95Ms} / ${figures.p99Ms} ms`],
        ['SQL statements per page (incl. authentication)', statements],
        ['same screen over REST (list + 50 details, all 50 in parallel per client): p50 / p95', `${figures.restP50Ms} / ${figures.restP95Ms} ms (${figures.restScreens} screens)`],
        ['machine load (1 min)', figures.load1],
      ]);
    } finally {
      await server.stop();
    }
  });
}
