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

/** Drops the seen-list of a pull and stamps the source's last successful pull. */
export async function finishPull(sequelize: Sequelize, sourceId: number, pullId: string): Promise<void> {
  await sequelize.query(`DELETE FROM erp_pull_seen WHERE source_id = $1 AND pull_id = $2`, { bind: [sourceId, pullId] });
  await sequelize.query(`UPDATE erp_sources SET last_pull_at = now() WHERE id = $1`, { bind: [sourceId] });
}
