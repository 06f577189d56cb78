import { QueryTypes, type Sequelize } from 'sequelize';
import type { ProductFilter } from '../../workflows/syncTypes';

export interface SelectionRow {
  seq: number;
  productId: number;
}

export interface FailureRow {
  id: number;
  productId: number | null;
  shopId: number | null;
  action: string;
  code: string;
  message: string;
  at: string;
}

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An RFC 3339 time PostgreSQL reads (else the same instant in UTC): it refuses offsets beyond ±15:59 (RFC 3339 allows up to
 * 23:59) and years outside 1..9999 need other syntax; clamping there changes no answer for `updated_at`.
 */
function utcInstant(rfc3339: string): string {
  const offsetHours = /[+-](\d{2}):\d{2}$/.exec(rfc3339)?.[1];
  if (Number(offsetHours ?? 0) <= 15 && Number(rfc3339.slice(0, 4)) >= 1) return rfc3339; // as written (microseconds kept)
  return new Date(Math.min(Math.max(Date.parse(rfc3339), EARLIEST), LATEST)).toISOString();
}

/** SQL conditions (on `products p`) for a catalogue filter; values are appended to `bind`. */
function filterWhere(filter: ProductFilter, bind: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: string, v: unknown) => {
    bind.push(v);
    where.push(sql.replace('?', `$${bind.length}`));
  };
  if (filter.status) add('p.status = ?', filter.status);
  if (filter.skuPrefix) add(`p.sku LIKE ? || '%'`, filter.skuPrefix.replace(/[\\%_]/g, (c) => `\\${c}`));
  if (filter.erpSourceId !== undefined) add('p.erp_source_id = ?', filter.erpSourceId);
  if (filter.updatedSince) add('p.updated_at >= ?::timestamptz', utcInstant(filter.updatedSince));
  if (filter.categoryId !== undefined) add('EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ?)', filter.categoryId);
  return where;
}

/** Data access for job-scoped tables (selection, failures, export rows); preview plans and the undo log live in src/shopPush. */
export class JobStore {
  constructor(private readonly sequelize: Sequelize) {}

  // ---- selection ------------------------------------------------------------------------------------------

  /** Stores an explicit id list under a job (first writer wins: a repeated request keeps the first list). */
  async storeSelection(jobId: string, productIds: number[]): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_selection (job_id, seq, product_id)
       SELECT $1, t.ord::int - 1, t.pid FROM unnest($2::int[]) WITH ORDINALITY AS t(pid, ord)
       ON CONFLICT DO NOTHING`,
      { bind: [jobId, productIds] },
    );
  }

  /** Materialises a catalogue filter into the job's selection (ordered by product id); idempotent. */
  async materializeFilter(jobId: string, filter: ProductFilter): Promise<void> {
    if (await this.selectionSize(jobId)) return;
    const bind: unknown[] = [jobId];
    const where = filterWhere(filter, bind);
    await this.sequelize.query(
      `INSERT INTO job_selection (job_id, seq, product_id)
       SELECT $1, (row_number() OVER (ORDER BY p.id))::int - 1, p.id FROM products p
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ON CONFLICT DO NOTHING`,
      { bind },
    );
  }

  /** How many products a catalogue filter selects right now (the API caps filter-based jobs with it). */
  async countFilter(filter: ProductFilter): Promise<number> {
    const bind: unknown[] = [];
    const where = filterWhere(filter, bind);
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, {
      bind,
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }

  async selectionSize(jobId: string): Promise<number> {
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_selection WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }

  async selectionRange(jobId: string, fromSeq: number, toSeq: number): Promise<SelectionRow[]> {
    return this.sequelize.query<SelectionRow>(
      `SELECT seq, product_id AS "productId" FROM job_selection WHERE job_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`,
      { bind: [jobId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
  }

  async skus(productIds: number[]): Promise<Map<number, string>> {
    if (productIds.length === 0) return new Map();
    const rows = await this.sequelize.query<{ id: number; sku: string }>(`SELECT id, sku FROM products WHERE id = ANY($1::int[])`, {
      bind: [productIds],
      type: QueryTypes.SELECT,
    });
    return new Map(rows.map((r) => [r.id, r.sku]));
  }

  // ---- failures -------------------------------------------------------------------------------------------

  async failuresPage(jobId: string, limit: number, afterId: number): Promise<{ total: number; items: FailureRow[] }> {
    const [c] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_failures WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    const items = await this.sequelize.query<FailureRow>(
      `SELECT id::int AS id, product_id AS "productId", shop_id AS "shopId", action, code, message, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM job_failures WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      { bind: [jobId, afterId, limit], type: QueryTypes.SELECT },
    );
    return { total: c?.n ?? 0, items };
  }

  // ---- export rows ----------------------------------------------------------------------------------------

  async storeExportRows(jobId: string, rows: Array<{ seq: number; row: unknown }>): Promise<void> {
    if (rows.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO job_export_rows (job_id, seq, row)
       SELECT $1, s, r FROM unnest($2::int[], $3::jsonb[]) AS t(s, r) ON CONFLICT DO NOTHING`,
      { bind: [jobId, rows.map((r) => r.seq), rows.map((r) => JSON.stringify(r.row))] },
    );
  }

  async exportRows(jobId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; row: Record<string, unknown> }>> {
    return this.sequelize.query<{ seq: number; row: Record<string, unknown> }>(
      `SELECT seq, row FROM job_export_rows WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      { bind: [jobId, afterSeq, limit], type: QueryTypes.SELECT },
    );
  }

  async exportRowCount(jobId: string): Promise<number> {
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_export_rows WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }
}
