import { QueryTypes, type Sequelize } from 'sequelize';
import type { ChangeActor } from './changeActor';

/**
 * One product's history, newest first: its audit trail (who changed which fields from what to what) merged
 * with its sync history per shop (job, action, outcome, error).
 */
export type HistoryEntry =
  | { type: 'change'; at: string; operation: 'insert' | 'update'; actor: ChangeActor; fields: Record<string, { from: unknown; to: unknown }> }
  | { type: 'sync'; at: string; shopId: number | null; shopName: string | null; jobId: string; action: string; outcome: string; errorCode: string | null; message: string | null };

export interface HistoryQuery {
  limit: number;
  /** Only entries older than this instant (the previous page's `nextBefore`). */
  before?: string;
  /** Sync entries of this shop only (changes are always shown). */
  shopId?: number;
}

interface Row {
  type: 'change' | 'sync';
  at: Date;
  operation: 'insert' | 'update' | null;
  actor: ChangeActor | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  shop_id: number | null;
  shop_name: string | null;
  job_id: string | null;
  action: string | null;
  outcome: string | null;
  error_code: string | null;
  message: string | null;
}

/** Column names become the API's field names (price_net → priceNet); NUMERIC values are recorded as exact text. */
function apiFields(changes: Record<string, { from: unknown; to: unknown }>): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

export class ProductHistory {
  constructor(private readonly sequelize: Sequelize) {}

  async exists(productId: number): Promise<boolean> {
    return (await this.sequelize.query(`SELECT 1 FROM products WHERE id = $1`, { bind: [productId], type: QueryTypes.SELECT })).length > 0;
  }

  async list(productId: number, q: HistoryQuery): Promise<{ items: HistoryEntry[]; nextBefore: string | null }> {
    const rows = await this.sequelize.query<Row>(
      `(SELECT 'change' AS type, c.created_at AS at, c.id, c.operation, c.actor, c.changes,
               NULL::int AS shop_id, NULL AS shop_name, NULL AS job_id, NULL AS action, NULL AS outcome, NULL AS error_code, NULL AS message
          FROM product_changes c
         WHERE c.product_id = $1 AND ($2::float8 IS NULL OR c.created_at < to_timestamp($2::float8 / 1000))
         ORDER BY c.created_at DESC, c.id DESC LIMIT $3)
       UNION ALL
       (SELECT 'sync', h.created_at, h.id, NULL, NULL, NULL, h.shop_id, s.name, h.job_id, h.action, h.outcome, h.error_code, h.message
          FROM sync_history h LEFT JOIN shops s ON s.id = h.shop_id
         WHERE h.product_id = $1 AND ($2::float8 IS NULL OR h.created_at < to_timestamp($2::float8 / 1000)) AND ($4::int IS NULL OR h.shop_id = $4)
         ORDER BY h.created_at DESC, h.id DESC LIMIT $3)
       ORDER BY at DESC, type, id DESC
       LIMIT $3`,
      // `before` as epoch milliseconds: any ISO instant (offsets beyond ±16 h, year 0) compares correctly.
      { bind: [productId, q.before === undefined ? null : Date.parse(q.before), q.limit, q.shopId ?? null], type: QueryTypes.SELECT },
    );
    const items: HistoryEntry[] = rows.map((r) =>
      r.type === 'change'
        ? { type: 'change', at: r.at.toISOString(), operation: r.operation!, actor: r.actor!, fields: apiFields(r.changes ?? {}) }
        : { type: 'sync', at: r.at.toISOString(), shopId: r.shop_id, shopName: r.shop_name, jobId: r.job_id!, action: r.action!, outcome: r.outcome!, errorCode: r.error_code, message: r.message },
    );
    return { items, nextBefore: rows.length === q.limit ? rows[rows.length - 1].at.toISOString() : null };
  }
}
