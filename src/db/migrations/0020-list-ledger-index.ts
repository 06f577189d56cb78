import type { QueryInterface } from 'sequelize';

/**
 * Catalogue list performance (issue #13): the sync-state filters (`syncState` with or without `syncShopId`, and
 * `shopId`) probe the ledger once per candidate product. `sync_state_shop_product_state` carries the columns a
 * ledger status is computed from (`last_pushed_at`, `last_error_code`, `compensation_failed`), so each probe is an
 * index-only scan instead of an index scan plus a heap visit; on 100,000 products × 3 shops a search + sync-state
 * filter spent about half its ledger time in those heap visits. It replaces `sync_state_shop_product` (same key).
 */
export const name = '0020-list-ledger-index';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE INDEX sync_state_shop_product_state ON sync_state (shop_id, product_id) INCLUDE (last_pushed_at, last_error_code, compensation_failed);
    DROP INDEX IF EXISTS sync_state_shop_product;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE INDEX IF NOT EXISTS sync_state_shop_product ON sync_state (shop_id, product_id);
    DROP INDEX IF EXISTS sync_state_shop_product_state;
  `);
}
