import { QueryTypes, type Sequelize } from 'sequelize';
import { ExportRows } from '../shopPush/exportRows';

export interface FailureRow {
  id: number;
  productId: number | null;
  shopId: number | null;
  action: string;
  code: string;
  message: string;
  at: string;
}

/**
 * What the API reads of a job's rows: its failures, its export snapshot. The worker writes them (src/shopPush:
 * ledgerStore.ts, exportRows.ts); the selection lives in src/shopPush/jobSelection.ts.
 */
export class JobStore {
  private readonly exports: ExportRows;

  constructor(private readonly sequelize: Sequelize) {
    this.exports = new ExportRows(sequelize);
  }

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

  async exportRows(jobId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; row: Record<string, unknown> }>> {
    return this.exports.page(jobId, afterSeq, limit);
  }
}
