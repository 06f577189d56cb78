import type { QueryInterface } from 'sequelize';

/**
 * `job_item_intents`: before a bulk batch touches its items, one row per product × shop saying whether the product
 * already existed in the shop at the job's first look (ledger remote id or batch reference lookup). First writer
 * wins, so a batch retried after a worker crash still knows: a product it finds "already there and equal" but that
 * did not exist at the first look was created by this job (counted created, not skipped or updated by someone else).
 */
export const name = '0009-job-item-intents';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE job_item_intents (
      job_id     VARCHAR(255) NOT NULL,
      shop_id    INTEGER NOT NULL,
      product_id INTEGER NOT NULL,
      existed    BOOLEAN NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (job_id, shop_id, product_id)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`DROP TABLE IF EXISTS job_item_intents`);
}
