import type { QueryInterface } from 'sequelize';

/**
 * ERP pull bookkeeping:
 * - `products.erp_deactivated`: true while a product is inactive *because* a pull found it blocked, deleted
 *   or missing in its ERP; only then does a later pull reactivate it (a user's own deactivation or archive wins).
 * - `erp_pull_seen`: external ids met during one full pull (keyed by pull id), so products that vanished from
 *   the ERP (hard deletes, which no cursor reports) are deactivated at the end. Rows are deleted when the pull
 *   finishes; writing here never touches `products`, so an unchanged pull writes no product row.
 */
export const name = '0004-erp-pull';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE products ADD COLUMN erp_deactivated BOOLEAN NOT NULL DEFAULT FALSE;

    CREATE TABLE erp_pull_seen (
      source_id   INTEGER NOT NULL REFERENCES erp_sources(id) ON DELETE CASCADE,
      pull_id     VARCHAR(64) NOT NULL,
      external_id VARCHAR(64) NOT NULL,
      PRIMARY KEY (source_id, pull_id, external_id)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS erp_pull_seen;
    ALTER TABLE products DROP COLUMN IF EXISTS erp_deactivated;
  `);
}
