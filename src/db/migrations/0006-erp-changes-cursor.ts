import type { QueryInterface } from 'sequelize';

/**
 * Incremental ERP pulls:
 * - `erp_sources.changes_cursor`: the connector's opaque "changed since" cursor handed out at the end of the
 *   last pull (Dynamics: lastModifiedDateTime watermark); NULL when the ERP has no change tracking (Subiekt)
 *   or no pull finished yet, so the next pull is a full scan.
 * - `erp_sources.last_full_pull_at`: when the last FULL pull finished; automatic pulls fall back to a full
 *   scan (which also finds hard-deleted products) once it is older than the source's `fullPullEveryHours`.
 */
export const name = '0006-erp-changes-cursor';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE erp_sources
      ADD COLUMN changes_cursor TEXT,
      ADD COLUMN last_full_pull_at TIMESTAMPTZ;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE erp_sources
      DROP COLUMN IF EXISTS last_full_pull_at,
      DROP COLUMN IF EXISTS changes_cursor;
  `);
}
