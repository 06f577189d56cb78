import type { Sequelize } from 'sequelize';
import { deleteInBatches } from '../db/deleteInBatches';

const BY_AGE = { key: 'id', orderBy: 'created_at' };

export interface CatalogRetentionReport {
  product_changes: number;
  mass_edit_previews: number;
}

/**
 * Deletes audit-trail rows (`product_changes`) older than `auditDays` (0: keep them all) and mass edit previews
 * a day past their expiry or application, in batches of 10,000 over the created_at indexes (no long locks).
 * Run by the workers' retention sweep (RETENTION_SWEEP_MINUTES).
 */
export async function purgeCatalogHistory(sequelize: Sequelize, auditDays: number): Promise<CatalogRetentionReport> {
  return {
    product_changes: auditDays > 0 ? await deleteInBatches(sequelize, 'product_changes', `created_at < now() - make_interval(days => $1::int)`, [auditDays], BY_AGE) : 0,
    mass_edit_previews: await deleteInBatches(sequelize, 'mass_edit_previews', `created_at < now() - interval '1 day' AND (expires_at < now() - interval '1 day' OR applied_at < now() - interval '1 day')`, [], BY_AGE),
  };
}
