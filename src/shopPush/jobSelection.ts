import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { productFilterWhere } from '../catalog/productFilter';
import type { ProductFilter } from '../catalog/productFilterContract';

export interface SelectionRow {
  seq: number;
  productId: number;
}

/** The products a job works on (table job_selection), numbered 0..n-1 so batches are half-open ranges of it. */
export class JobSelection {
  constructor(private readonly sequelize: Sequelize) {}

  /**
   * Stores an explicit id list under a job (first writer wins: a repeated request keeps the first list); inside
   * `transaction` when the list must appear together with another write (a mass edit and its push).
   */
  async storeIds(jobId: string, productIds: number[], transaction?: Transaction): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_selection (job_id, seq, product_id)
       SELECT $1, t.ord::int - 1, t.pid FROM unnest($2::int[]) WITH ORDINALITY AS t(pid, ord)
       ON CONFLICT DO NOTHING`,
      { bind: [jobId, productIds], transaction },
    );
  }

  /** Materialises a catalogue filter into the job's selection (ordered by product id); idempotent. */
  async materializeFilter(jobId: string, filter: ProductFilter): Promise<void> {
    if (await this.size(jobId)) return;
    const bind: unknown[] = [jobId];
    const where = productFilterWhere(filter, bind);
    // One statement across owners: fills job_selection straight from the products matching the catalogue's filter.
    await this.sequelize.query(
      `INSERT INTO job_selection (job_id, seq, product_id)
       SELECT $1, (row_number() OVER (ORDER BY p.id))::int - 1, p.id FROM products p
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ON CONFLICT DO NOTHING`,
      { bind },
    );
  }

  async size(jobId: string): Promise<number> {
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_selection WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }

  async range(jobId: string, fromSeq: number, toSeq: number): Promise<SelectionRow[]> {
    return this.sequelize.query<SelectionRow>(
      `SELECT seq, product_id AS "productId" FROM job_selection WHERE job_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`,
      { bind: [jobId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
  }
}
