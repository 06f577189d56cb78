import { QueryTypes, type Sequelize } from 'sequelize';

/** One per-item failure of a job (table job_failures), as the API pages it. */
export interface FailureRow {
  id: number;
  productId: number | null;
  shopId: number | null;
  action: string;
  code: string;
  message: string;
  at: string;
}

/** A job's per-item failures (table job_failures): recorded by the worker, paged by the API. */
export class JobFailures {
  constructor(private readonly sequelize: Sequelize) {}

  async record(jobId: string, productId: number | null, shopId: number | null, action: string, code: string, message: string): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_failures (job_id, product_id, shop_id, action, code, message) VALUES ($1, $2, $3, $4, $5, $6)`,
      { bind: [jobId, productId, shopId, action, code, message.slice(0, 4000)] },
    );
  }

  async page(jobId: string, limit: number, afterId: number): Promise<{ total: number; items: FailureRow[] }> {
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
}
