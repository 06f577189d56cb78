import { QueryTypes, type Sequelize } from 'sequelize';
import { productFilterWhere } from '../catalog/productFilter';
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
    const where = productFilterWhere(filter, bind);
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
    const where = productFilterWhere(filter, bind);
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
