import { QueryTypes, type Sequelize } from 'sequelize';
import type { LedgerStatus } from '../catalog/ledgerStatus';
import type { ShopReport } from './shopReportSchema';

/** A push that reached the shop (the partial index sync_history_shop_pushed has the same predicate). */
const PUSHED = `h.outcome = 'success' AND h.action IN ('create', 'update')`;

/** The rows of shop_state_counts: a shop's ledger states, and the catalogue's product count (shop_id NULL). */
type LedgerCountState = Exclude<LedgerStatus, 'never_pushed'> | 'products';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Per shop: last successful push, products per ledger status, failures by code over 24 h and 7 days.
 * Products per state come from the counts the triggers of migration 0024 keep (a sum over a few rows per shop, the same
 * numbers as the product list filter `syncState` with `syncShopId`); failures and the last push read the partial
 * sync_history indexes of migration 0021. No query reads the ledger or the products.
 */
export async function buildShopReport(sequelize: Sequelize): Promise<ShopReport> {
  const [shops, counts, failures] = await Promise.all([
    sequelize.query<{ id: number; name: string; active: boolean; last_push: Date | null }>(
      `SELECT s.id, s.name, s.active, (SELECT max(h.created_at) FROM sync_history h WHERE h.shop_id = s.id AND ${PUSHED}) AS last_push
         FROM shops s ORDER BY s.id`,
      { type: QueryTypes.SELECT },
    ),
    // Kept by the triggers of migration 0024 (the rule of LEDGER_STATUS_SQL): a few rows per shop, never the ledger itself.
    sequelize.query<{ shop_id: number | null; state: LedgerCountState; n: number }>(
      `SELECT shop_id, state, sum(n)::int AS n FROM shop_state_counts GROUP BY shop_id, state`,
      { type: QueryTypes.SELECT },
    ),
    sequelize.query<{ shop_id: number; code: string; day: number; week: number }>(
      `SELECT h.shop_id, coalesce(h.error_code, 'UNKNOWN') AS code,
              count(*) FILTER (WHERE h.created_at > now() - interval '24 hours')::int AS day, count(*)::int AS week
         FROM sync_history h
        WHERE h.outcome = 'failed' AND h.shop_id IS NOT NULL AND h.created_at > now() - interval '7 days'
        GROUP BY 1, 2 ORDER BY week DESC, code`,
      { type: QueryTypes.SELECT },
    ),
  ]);
  const count = (shopId: number | null, state: LedgerCountState) => counts.find((c) => c.shop_id === shopId && c.state === state)?.n ?? 0;
  const total = count(null, 'products');
  return {
    generatedAt: new Date().toISOString(),
    productsTotal: total,
    shops: shops.map((s) => {
      const products = {
        inSync: count(s.id, 'in_sync'),
        outdated: count(s.id, 'outdated'),
        failed: count(s.id, 'error'),
        compensationFailed: count(s.id, 'compensation_failed'),
      };
      return {
        id: s.id,
        name: s.name,
        active: s.active,
        lastSuccessfulPushAt: iso(s.last_push),
        products: { ...products, neverPushed: total - products.inSync - products.outdated - products.failed - products.compensationFailed },
        failures: failures.filter((f) => f.shop_id === s.id).map((f) => ({ code: f.code, last24h: f.day, last7d: f.week })),
      };
    }),
  };
}
