import { QueryTypes, type Sequelize } from 'sequelize';

export interface CatalogStats {
  products: { total: number; active: number; inactive: number; archived: number };
  shops: number;
  erpSources: number;
  ledger: { rows: number; withErrors: number; compensationFailed: number };
  computedAt: string;
}

/** Catalogue counters (products by status, shops, ERP sources, push ledger) in one round trip. */
export async function readCatalogStats(sequelize: Sequelize): Promise<CatalogStats> {
  // One statement across owners: products, shops, erp_sources and the push ledger (sync_state) counted in one round trip.
  const [row] = await sequelize.query<Record<string, number>>(
    `SELECT
       (SELECT count(*) FROM products)::int AS total,
       (SELECT count(*) FROM products WHERE status = 'active')::int AS active,
       (SELECT count(*) FROM products WHERE status = 'inactive')::int AS inactive,
       (SELECT count(*) FROM products WHERE status = 'archived')::int AS archived,
       (SELECT count(*) FROM shops)::int AS shops,
       (SELECT count(*) FROM erp_sources)::int AS erp_sources,
       (SELECT count(*) FROM sync_state)::int AS ledger_rows,
       (SELECT count(*) FROM sync_state WHERE last_error_code IS NOT NULL)::int AS ledger_errors,
       (SELECT count(*) FROM sync_state WHERE compensation_failed)::int AS ledger_flagged`,
    { type: QueryTypes.SELECT },
  );
  return {
    products: { total: row.total, active: row.active, inactive: row.inactive, archived: row.archived },
    shops: row.shops,
    erpSources: row.erp_sources,
    ledger: { rows: row.ledger_rows, withErrors: row.ledger_errors, compensationFailed: row.ledger_flagged },
    computedAt: new Date().toISOString(),
  };
}
