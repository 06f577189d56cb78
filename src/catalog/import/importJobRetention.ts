import type { Sequelize } from 'sequelize';
import { deleteInBatches } from '../../db/deleteInBatches';

/** Deletes import jobs' files and per-row reports older than `retentionDays` (the rows go with them: ON DELETE CASCADE). */
export async function purgeImportJobs(sequelize: Sequelize, retentionDays: number): Promise<{ product_import_jobs: number }> {
  return { product_import_jobs: await deleteInBatches(sequelize, 'product_import_jobs', `created_at < now() - make_interval(days => $1::int)`, [retentionDays]) };
}
