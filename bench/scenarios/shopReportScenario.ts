/**
 * `npm run bench -- shop-report` (or `--only shop-report`): GET /reports/shops's query cost and the ledger write
 * path it must not slow. Self-contained like api-list: a throw-away database (PPM_BENCH_ADMIN_DATABASE_URL) with
 * BENCH_LIST_PRODUCTS products (default 100,000) and 3 shops of ledger rows (bench/apiListSeed.ts), then
 * - the report built BENCH_REPORT_RUNS times (default 30): p50 / p95 / max in ms;
 * - ledger writes as the bulk push makes them (`OutcomeRecorder`-style batches of BENCH_LEDGER_BATCH outcomes, one
 *   statement each, default 25) from 8 lanes × 3 shops at once over BENCH_LEDGER_WRITES products per shop (default
 *   10,000): outcomes per second and the p50 of one batch statement, alternately without and with the counting
 *   triggers of migration 0024 (back to back, twice, as the machine's load drifts);
 * - one product edit statement over 500 products (an ERP page) in ms.
 */
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../../src/db/database';
import { buildShopReport } from '../../src/reports/shopReport';
import { seedListCatalogue, SHOPS } from '../apiListSeed';
import { percentile } from '../latencyStats';
import { report } from '../report';
import { withThrowawayDatabase } from '../throwawayDatabase';
import pg from 'pg';

const PRODUCTS = Number(process.env.BENCH_LIST_PRODUCTS ?? 100_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 30);
const BATCH = Number(process.env.BENCH_LEDGER_BATCH ?? 25);
const WRITES = Number(process.env.BENCH_LEDGER_WRITES ?? 10_000);
const LANES = 8;

/** One batch of pushed outcomes in one statement, as OutcomeRecorder writes them (ledger upsert + history). */
const BATCH_SQL = `WITH input AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(product_id int, remote_id int, hash text)),
  pushed AS (
    INSERT INTO sync_state (product_id, shop_id, remote_id, payload_hash, last_pushed_at, last_error_code, last_error_message, last_error_at, updated_at)
    SELECT i.product_id, $1, i.remote_id, i.hash, now(), NULL, NULL, NULL, now() FROM input i JOIN products p ON p.id = i.product_id
    ON CONFLICT (product_id, shop_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, payload_hash = EXCLUDED.payload_hash,
      last_pushed_at = now(), last_error_code = NULL, last_error_message = NULL, last_error_at = NULL, updated_at = now())
  INSERT INTO sync_history (job_id, product_id, shop_id, action, outcome, created_at)
  SELECT 'bench-ledger', p.id, $1, 'update', 'success', now() FROM input i LEFT JOIN products p ON p.id = i.product_id`;

export async function shopReportScenario(): Promise<void> {
  await withThrowawayDatabase('ppm_bench_report', async (database) => {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const seeded = performance.now();
    await seedListCatalogue(db, PRODUCTS);
    console.log(`seeded ${PRODUCTS} products × ${SHOPS} shops in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const sequelize = createSequelize({ url: database.url, poolMax: LANES * SHOPS, ssl: false });
    try {
      // The report, warmed once.
      await buildShopReport(sequelize);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await buildShopReport(sequelize);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);

      // Ledger writes: LANES concurrent writers per shop, each over its own slice of products; alternately without the
      // counting triggers of migration 0024 (the write path before it) and with them, back to back, twice.
      const ids = (await sequelize.query<{ id: number }>(`SELECT id FROM products ORDER BY id LIMIT ${WRITES}`, { type: QueryTypes.SELECT })).map((r) => r.id);
      const shopIds = (await sequelize.query<{ id: number }>(`SELECT id FROM shops ORDER BY id`, { type: QueryTypes.SELECT })).map((r) => r.id);
      const triggers = async (on: boolean) => {
        for (const t of ['shop_state_ledger_insert', 'shop_state_ledger_update', 'shop_state_ledger_delete']) {
          await sequelize.query(`ALTER TABLE sync_state ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`);
        }
      };
      const writeAll = async () => {
        const batchTimes: number[] = [];
        const w0 = performance.now();
        await Promise.all(
          shopIds.flatMap((shopId) =>
            Array.from({ length: LANES }, async (_, lane) => {
              const mine = ids.filter((_, i) => i % LANES === lane);
              for (let i = 0; i < mine.length; i += BATCH) {
                const input = mine.slice(i, i + BATCH).map((id) => ({ product_id: id, remote_id: id, hash: 'b'.repeat(64) }));
                const t0 = performance.now();
                await sequelize.query(BATCH_SQL, { bind: [shopId, JSON.stringify(input)] });
                batchTimes.push(performance.now() - t0);
              }
            }),
          ),
        );
        return { ms: performance.now() - w0, batchTimes: batchTimes.sort((a, b) => a - b) };
      };
      const runs: { counting: boolean; ms: number; batchTimes: number[] }[] = [];
      for (const counting of [false, true, false, true]) {
        await triggers(counting);
        runs.push({ counting, ...(await writeAll()) });
      }
      await triggers(true);
      // The counts were not kept while the triggers were off: rebuild them as migration 0024 does.
      await sequelize.query(`
        DELETE FROM shop_state_counts;
        INSERT INTO shop_state_counts (shop_id, state, n)
        SELECT l.shop_id, ppm_ledger_state(l.compensation_failed, l.last_error_code, l.last_pushed_at, p.updated_at), count(*)
          FROM sync_state l JOIN products p ON p.id = l.product_id
         GROUP BY 1, 2 HAVING ppm_ledger_state(l.compensation_failed, l.last_error_code, l.last_pushed_at, p.updated_at) IS NOT NULL;
        INSERT INTO shop_state_counts (shop_id, state, n) SELECT NULL, 'products', count(*) FROM products;`);
      const outcomes = WRITES * shopIds.length;
      const rate = (r: (typeof runs)[number]) => Math.round(outcomes / (r.ms / 1000));

      // A product edit over an ERP page's worth of products.
      const e0 = performance.now();
      await sequelize.query(`UPDATE products SET updated_at = now() WHERE id = ANY($1::int[])`, { bind: [ids.slice(0, 500)] });
      const editMs = performance.now() - e0;
      const after = await buildShopReport(sequelize);

      const figures = {
        reportP50Ms: +percentile(times, 50).toFixed(2),
        reportP95Ms: +percentile(times, 95).toFixed(2),
        reportMaxMs: +times.at(-1)!.toFixed(2),
        ledgerOutcomesPerSecondWithoutCounts: runs.filter((r) => !r.counting).map(rate),
        ledgerOutcomesPerSecondWithCounts: runs.filter((r) => r.counting).map(rate),
        ledgerBatchP50MsWithoutCounts: runs.filter((r) => !r.counting).map((r) => +percentile(r.batchTimes, 50).toFixed(2)),
        ledgerBatchP50MsWithCounts: runs.filter((r) => r.counting).map((r) => +percentile(r.batchTimes, 50).toFixed(2)),
        productEdit500Ms: +editMs.toFixed(1),
        inSyncShop1: after.shops[0].products.inSync,
      };
      report('shop-report', { products: PRODUCTS, shops: SHOPS, runs: RUNS, lanes: LANES, batch: BATCH, ledgerWrites: outcomes }, figures, [
        ['report p50 / p95 / max', `${figures.reportP50Ms} / ${figures.reportP95Ms} / ${figures.reportMaxMs} ms`],
        [`ledger outcomes/s, ${outcomes} per run (${LANES} lanes × ${SHOPS} shops, ${BATCH} per statement)`, ''],
        ['  without the counting triggers (runs 1, 3)', `${figures.ledgerOutcomesPerSecondWithoutCounts.join(', ')}/s; batch p50 ${figures.ledgerBatchP50MsWithoutCounts.join(', ')} ms`],
        ['  with them (runs 2, 4)', `${figures.ledgerOutcomesPerSecondWithCounts.join(', ')}/s; batch p50 ${figures.ledgerBatchP50MsWithCounts.join(', ')} ms`],
        ['product edit, 500 products in one statement', `${figures.productEdit500Ms} ms`],
      ]);
    } finally {
      await sequelize.close();
      await db.end();
    }
  });
}
