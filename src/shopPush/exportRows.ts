import { QueryTypes, type Sequelize } from 'sequelize';

/** An export job's snapshot rows (table job_export_rows): written by the export batches, read by the download. */
export class ExportRows {
  constructor(private readonly sequelize: Sequelize) {}

  async store(jobId: string, rows: Array<{ seq: number; row: unknown }>): Promise<void> {
    if (rows.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO job_export_rows (job_id, seq, row)
       SELECT $1, s, r FROM unnest($2::int[], $3::jsonb[]) AS t(s, r) ON CONFLICT DO NOTHING`,
      { bind: [jobId, rows.map((r) => r.seq), rows.map((r) => JSON.stringify(r.row))] },
    );
  }

  async page(jobId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; row: Record<string, unknown> }>> {
    return this.sequelize.query<{ seq: number; row: Record<string, unknown> }>(
      `SELECT seq, row FROM job_export_rows WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      { bind: [jobId, afterSeq, limit], type: QueryTypes.SELECT },
    );
  }

}
