/**
 * `npx tsx bench/catalogueReportPlans.ts`: the queries of GET /reports/catalogue (src/reports/catalogueReport.ts, its gap statements in src/catalog/catalogueGaps.ts) under
 * EXPLAIN ANALYZE on a throw-away database of BENCH_LIST_PRODUCTS (default 100,000) products — the api-list catalogue
 * (bench/apiListSeed.ts) plus images, categories and translations with gaps in them — first without the indexes of
 * migration 0023, then with them. Prints each query's median execution time over 5 runs and its plan's top nodes.
 */
import pg from 'pg';
import { seedListCatalogue } from './apiListSeed';
import { withThrowawayDatabase } from './throwawayDatabase';
import { GAP_SQL, gapCountSql, gapPageSql } from '../src/catalog/catalogueGaps';

const PRODUCTS = Number(process.env.BENCH_LIST_PRODUCTS ?? 100_000);
const RUNS = 5;

async function seedGaps(db: pg.Client): Promise<void> {
  await db.query(`UPDATE shops SET language_map = CASE id % 3 WHEN 1 THEN '{"pl":1,"en":2}' WHEN 2 THEN '{"pl":1,"de":2}' ELSE '{"pl":1,"en":2,"de":3}' END::jsonb`);
  // Images: every product but each 7th, a second one on every other product.
  await db.query(`INSERT INTO product_images (product_id, position, content_type, sha256)
                  SELECT p.id, n, 'image/jpeg', md5(p.id::text || n) || md5(n || p.id::text) FROM products p CROSS JOIN generate_series(0, 1) n
                   WHERE p.id % 7 <> 0 AND (n = 0 OR p.id % 2 = 0)`);
  await db.query(`INSERT INTO categories (name) SELECT 'Kategoria ' || g FROM generate_series(1, 50) g`);
  await db.query(`INSERT INTO product_categories (product_id, category_id, is_primary)
                  SELECT p.id, c.id, TRUE FROM products p JOIN categories c ON c.name = 'Kategoria ' || (1 + p.id % 50) WHERE p.id % 11 <> 0`);
  // Translations: en for 2 in 3 products (a blank name every 101st: not a translation), de for 1 in 5.
  await db.query(`INSERT INTO product_translations (product_id, lang, name)
                  SELECT id, 'en', CASE WHEN id % 101 = 0 THEN ' ' ELSE 'Hammer ' || id END FROM products WHERE id % 3 <> 0
                  UNION ALL SELECT id, 'de', 'Hammer ' || id FROM products WHERE id % 5 = 0`);
  for (const t of ['product_images', 'product_categories', 'product_translations', 'products']) await db.query(`VACUUM ANALYZE ${t}`);
}

async function measure(db: pg.Client, label: string, sql: string, bind: unknown[]): Promise<void> {
  const times: number[] = [];
  let plan: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT TEXT) ${sql}`, bind);
    const lines = rows.map((r) => r['QUERY PLAN'] as string);
    times.push(Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))![1]));
    plan = lines.filter((l) => /Scan|Join|Aggregate|Limit/.test(l)).map((l) => l.replace(/\s+\(cost=[^)]*\)/, '').replace(/\(actual.*?rows=(\d+).*?\)/, 'rows=$1').trim());
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} ${times[Math.floor(RUNS / 2)].toFixed(1).padStart(8)} ms   ${plan.slice(0, 4).join(' | ')}`);
}

async function measureAll(db: pg.Client): Promise<void> {
  await measure(db, 'active products', `SELECT count(*) FROM products WHERE status = 'active'`, []);
  await measure(db, 'count without images', gapCountSql(GAP_SQL.images), []);
  await measure(db, 'count without category', gapCountSql(GAP_SQL.category), []);
  await measure(db, 'count without translation en', gapCountSql(GAP_SQL.translation), ['en']);
  await measure(db, 'count without translation de', gapCountSql(GAP_SQL.translation), ['de']);
  await measure(db, 'page without images (50)', gapPageSql(GAP_SQL.images), [0, 51]);
  await measure(db, 'page without category (50)', gapPageSql(GAP_SQL.category), [50_000, 51]);
  await measure(db, 'page without translation de (50)', gapPageSql(GAP_SQL.translation), [0, 51, 'de']);
}

async function main(): Promise<void> {
  await withThrowawayDatabase('ppm_bench_catalogue_report', async ({ url }) => {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const t0 = Date.now();
      await seedListCatalogue(db, PRODUCTS);
      await seedGaps(db);
      console.log(`seeded ${PRODUCTS} products with gaps in ${Date.now() - t0} ms`);
      await db.query(`DROP INDEX products_active; DROP INDEX product_translations_named`);
      console.log('--- without the indexes of migration 0023');
      await measureAll(db);
      await db.query(`CREATE INDEX products_active ON products (id) WHERE status = 'active'`);
      await db.query(`CREATE INDEX product_translations_named ON product_translations (lang, product_id) WHERE btrim(name) <> ''`);
      await db.query('VACUUM ANALYZE products');
      await db.query('VACUUM ANALYZE product_translations');
      console.log('--- with them (as migrated)');
      await measureAll(db);
    } finally {
      await db.end();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
