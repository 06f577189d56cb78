import { QueryTypes, type Sequelize } from 'sequelize';
import { LEDGER_STATUS_SQL } from '../catalog/ledgerStatus';
import type { ShopReport } from './shopReportSchema';

/** A push that reached the shop (the partial index sync_history_shop_pushed has the same predicate). */
const PUSHED = `h.outcome = 'success' AND h.action IN ('create', 'update')`;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Per shop: last successful push, products per ledger status, failures by code over 24 h and 7 days.
 * The ledger counts read sync_state_shop_product_state index-only (plus each product's updated_at); failures and the
 * last push read the partial sync_history indexes of migration 0021.
 */
export async function buildShopReport(sequelize: Sequelize): Promise<ShopReport> {
  const [shops, states, failures, [{ total }]] = await Promise.all([
    sequelize.query<{ id: number; name: string; active: boolean; last_push: Date | null }>(
      `SELECT s.id, s.name, s.active, (SELECT max(h.created_at) FROM sync_history h WHERE h.shop_id = s.id AND ${PUSHED}) AS last_push
         FROM shops s ORDER BY s.id`,
      { type: QueryTypes.SELECT },
    ),
    sequelize.query<{ shop_id: number; in_sync: number; outdated: number; failed: number; compensation_failed: number; recorded: number }>(
      `SELECT l.shop_id,
              count(*) FILTER (WHERE ${LEDGER_STATUS_SQL.in_sync})::int AS in_sync,
              count(*) FILTER (WHERE ${LEDGER_STATUS_SQL.outdated})::int AS outdated,
              count(*) FILTER (WHERE ${LEDGER_STATUS_SQL.error})::int AS failed,
              count(*) FILTER (WHERE ${LEDGER_STATUS_SQL.compensation_failed})::int AS compensation_failed,
              count(*) FILTER (WHERE ${LEDGER_STATUS_SQL.recorded})::int AS recorded
         FROM sync_state l JOIN products p ON p.id = l.product_id
        GROUP BY l.shop_id`,
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
    sequelize.query<{ total: number }>(`SELECT count(*)::int AS total FROM products`, { type: QueryTypes.SELECT }),
  ]);
  const stateOf = new Map(states.map((s) => [s.shop_id, s]));
  return {
    generatedAt: new Date().toISOString(),
    productsTotal: total,
    shops: shops.map((s) => {
      const l = stateOf.get(s.id);
      return {
        id: s.id,
        name: s.name,
        active: s.active,
        lastSuccessfulPushAt: iso(s.last_push),
        products: {
          inSync: l?.in_sync ?? 0,
          outdated: l?.outdated ?? 0,
          failed: l?.failed ?? 0,
          compensationFailed: l?.compensation_failed ?? 0,
          neverPushed: total - (l?.recorded ?? 0),
        },
        failures: failures.filter((f) => f.shop_id === s.id).map((f) => ({ code: f.code, last24h: f.day, last7d: f.week })),
      };
    }),
  };
}
