import type { QueryInterface } from 'sequelize';

/**
 * Default request rate of a newly registered shop: 20 requests/second (was 5).
 * Why 20: the shop's lanes (`max_concurrency`, default 4) are what protect a PrestaShop host — a webservice write
 * takes 0.3–1 s and a read 0.1–0.5 s (reference §6.4), so 4 lanes of writes produce 4–13 requests/s on their own.
 * The rate cap only has to stop bursts of cheap calls (batch lookups, reads of a fast shop) from hammering the host
 * or tripping a hosting WAF; 20/s sits above what the lanes produce for writes (it never slows a normal job below
 * them) and below the per-IP limits shared hostings commonly apply. At 2 calls per created product, 10,000 products
 * take ~17 minutes per shop at the cap — the old 5/s with ~5 calls per product took 2.8 hours. Existing shops keep
 * their stored value (an admin may have chosen it).
 */
export const name = '0008-shop-default-rate';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`ALTER TABLE shops ALTER COLUMN max_requests_per_second SET DEFAULT 20`);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`ALTER TABLE shops ALTER COLUMN max_requests_per_second SET DEFAULT 5`);
}
