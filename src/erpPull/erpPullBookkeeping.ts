import { QueryTypes, type Sequelize } from 'sequelize';

/** Forgets what earlier (crashed or abandoned) full pulls of this source recorded as seen. */
export async function forgetEarlierPulls(sequelize: Sequelize, sourceId: number, pullId: string): Promise<void> {
  await sequelize.query(`DELETE FROM erp_pull_seen WHERE source_id = $1 AND pull_id <> $2`, { bind: [sourceId, pullId] });
}

/**
 * End of a FULL pull: products of this source that the ERP no longer lists at all (hard deletes, which no
 * cursor reports) are deactivated, in one statement. Returns their ids. Skipped when the pull saw nothing
 * (an empty answer is far more likely a misconfigured company than an emptied ERP).
 */
export async function deactivateVanished(sequelize: Sequelize, sourceId: number, pullId: string): Promise<number[]> {
  // The seen-list was just filled by the pull: without fresh statistics the planner takes it for a few rows and
  // compares every product with every seen id (minutes at 100,000 products instead of half a second).
  await sequelize.query(`ANALYZE erp_pull_seen`);
  // One statement across owners: deactivates products by an anti-join on the pull's seen-list (erp_pull_seen).
  const rows = await sequelize.query<{ id: number }>(
    `UPDATE products p SET status = 'inactive', erp_deactivated = TRUE, updated_at = now()
      WHERE p.erp_source_id = $1 AND p.status = 'active'
        AND EXISTS (SELECT 1 FROM erp_pull_seen s WHERE s.source_id = $1 AND s.pull_id = $2)
        AND NOT EXISTS (SELECT 1 FROM erp_pull_seen s WHERE s.source_id = $1 AND s.pull_id = $2 AND s.external_id = p.erp_external_id)
      RETURNING p.id`,
    { bind: [sourceId, pullId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.id);
}

/** What the source's earlier pulls left for the next one to decide between a full and an incremental pull. */
export interface ErpPullMemory {
  changesCursor: string | null;
  lastFullPullAt: Date | null;
}

export async function readPullMemory(sequelize: Sequelize, sourceId: number): Promise<ErpPullMemory> {
  const [row] = await sequelize.query<{ changes_cursor: string | null; last_full_pull_at: Date | null }>(
    `SELECT changes_cursor, last_full_pull_at FROM erp_sources WHERE id = $1`,
    { bind: [sourceId], type: QueryTypes.SELECT },
  );
  return { changesCursor: row?.changes_cursor ?? null, lastFullPullAt: row?.last_full_pull_at ? new Date(row.last_full_pull_at) : null };
}

export interface FinishPullOptions {
  /** The pull read the whole source (started at the beginning and reached the end): stamps `last_full_pull_at`. */
  fullScan: boolean;
  /**
   * The changes cursor the ERP handed out at the end of this pull, stored for the next incremental pull.
   * null clears the stored one, so the next pull is a full scan (safe: a cursor is never kept past a pull
   * that did not hand out a fresh one).
   */
  changesCursor: string | null;
}

/** Drops the seen-list of a pull, stamps the source's last successful pull and stores its changes cursor. */
export async function finishPull(sequelize: Sequelize, sourceId: number, pullId: string, opts: FinishPullOptions): Promise<void> {
  await sequelize.query(`DELETE FROM erp_pull_seen WHERE source_id = $1 AND pull_id = $2`, { bind: [sourceId, pullId] });
  await sequelize.query(
    `UPDATE erp_sources
        SET last_pull_at = now(), changes_cursor = $2,
            last_full_pull_at = CASE WHEN $3::boolean THEN now() ELSE last_full_pull_at END
      WHERE id = $1`,
    { bind: [sourceId, opts.changesCursor, opts.fullScan] },
  );
}
