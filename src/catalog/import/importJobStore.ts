import { QueryTypes, type Sequelize } from 'sequelize';
import type { ChangeActor } from '../changeActor';
import type { ImportRecord } from './importFile';
import type { ImportOutcome, ImportReport, ImportRowReport } from './productImport';

/**
 * The file of an import job and its per-row report, in PostgreSQL (product_import_jobs / product_import_rows):
 * the API stores the rows before it starts the job, the job's activities import them chunk by chunk and write
 * each row's report beside it. A row without an outcome is still to do.
 */
export interface ImportJobHeader {
  jobId: string;
  principal: string;
  actor: ChangeActor;
  format: 'csv' | 'json';
  encoding: string | null;
  delimiter: string | null;
  dryRun: boolean;
  totalRows: number;
}

const INSERT_BATCH = 1000;

export class ImportJobStore {
  constructor(private readonly sequelize: Sequelize) {}

  async create(h: ImportJobHeader, records: ImportRecord[]): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query(
        `INSERT INTO product_import_jobs (job_id, principal, actor, format, encoding, delimiter, dry_run, total_rows) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)`,
        { bind: [h.jobId, h.principal, JSON.stringify(h.actor), h.format, h.encoding, h.delimiter, h.dryRun, h.totalRows], transaction },
      );
      for (let i = 0; i < records.length; i += INSERT_BATCH) {
        const part = records.slice(i, i + INSERT_BATCH);
        await this.sequelize.query(
          `INSERT INTO product_import_rows (job_id, row, line, sku, values)
           SELECT $1, r.row, r.line, r.sku, r.values FROM unnest($2::int[], $3::int[], $4::varchar[], $5::jsonb[]) AS r(row, line, sku, values)`,
          {
            bind: [
              h.jobId,
              part.map((r) => r.row),
              part.map((r) => r.line),
              part.map((r) => (typeof r.values.sku === 'string' ? r.values.sku.trim().slice(0, 255) || null : null)),
              part.map((r) => JSON.stringify(r.values)),
            ],
            transaction,
          },
        );
      }
    });
  }

  async header(jobId: string): Promise<ImportJobHeader | null> {
    const [r] = await this.sequelize.query<{ principal: string; actor: ChangeActor; format: 'csv' | 'json'; encoding: string | null; delimiter: string | null; dry_run: boolean; total_rows: number }>(
      `SELECT principal, actor, format, encoding, delimiter, dry_run, total_rows FROM product_import_jobs WHERE job_id = $1`,
      { bind: [jobId], type: QueryTypes.SELECT },
    );
    return r ? { jobId, principal: r.principal, actor: r.actor, format: r.format, encoding: r.encoding, delimiter: r.delimiter, dryRun: r.dry_run, totalRows: r.total_rows } : null;
  }

  /** The next rows still to import, in file order. */
  async pending(jobId: string, limit: number): Promise<ImportRecord[]> {
    const rows = await this.sequelize.query<{ row: number; line: number | null; values: Record<string, unknown> }>(
      `SELECT row, line, values FROM product_import_rows WHERE job_id = $1 AND outcome IS NULL ORDER BY row LIMIT $2`,
      { bind: [jobId, limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ row: r.row, line: r.line, values: r.values }));
  }

  /** The first row of each of `skus` before `beforeRow` (a SKU repeated across chunks is refused like within one). */
  async earlierRowOfSku(jobId: string, beforeRow: number, skus: string[]): Promise<Map<string, number>> {
    if (!skus.length) return new Map();
    const rows = await this.sequelize.query<{ sku: string; row: number }>(
      // A row refused for its own fields (or as a duplicate) does not hold its SKU, as within one chunk.
      `SELECT sku, min(row)::int AS row FROM product_import_rows
        WHERE job_id = $1 AND row < $2 AND sku = ANY($3::varchar[])
          AND NOT (report->'errors' @> '[{"code":"INVALID"}]' OR report->'errors' @> '[{"code":"UNKNOWN_FIELD"}]' OR report->'errors' @> '[{"code":"DUPLICATE_SKU"}]')
        GROUP BY sku`,
      { bind: [jobId, beforeRow, skus], type: QueryTypes.SELECT },
    );
    return new Map(rows.map((r) => [r.sku, r.row]));
  }

  async saveReports(jobId: string, reports: ImportRowReport[]): Promise<void> {
    if (!reports.length) return;
    await this.sequelize.query(
      `UPDATE product_import_rows p SET outcome = r.outcome, report = r.report
         FROM unnest($2::int[], $3::varchar[], $4::jsonb[]) AS r(row, outcome, report)
        WHERE p.job_id = $1 AND p.row = r.row`,
      { bind: [jobId, reports.map((r) => r.row), reports.map((r) => r.outcome), reports.map((r) => JSON.stringify(r))] },
    );
  }

  /** Rows per outcome so far (rows = every row of the file). */
  async summary(jobId: string): Promise<ImportReport['summary'] & { done: number }> {
    const rows = await this.sequelize.query<{ outcome: ImportOutcome | null; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM product_import_rows WHERE job_id = $1 GROUP BY outcome`,
      { bind: [jobId], type: QueryTypes.SELECT },
    );
    const out = { rows: 0, done: 0, created: 0, updated: 0, unchanged: 0, error: 0 };
    for (const r of rows) {
      out.rows += r.n;
      if (r.outcome) {
        out[r.outcome] += r.n;
        out.done += r.n;
      }
    }
    return out;
  }

  /** A page of the per-row report (rows imported so far), in file order. */
  async reportPage(jobId: string, opts: { offset: number; limit: number; outcome?: ImportOutcome }): Promise<{ total: number; rows: ImportRowReport[] }> {
    const filter = opts.outcome ? `AND outcome = $4` : `AND outcome IS NOT NULL`;
    const bind: unknown[] = [jobId, opts.limit, opts.offset];
    if (opts.outcome) bind.push(opts.outcome);
    const rows = await this.sequelize.query<{ report: ImportRowReport; total: number }>(
      `SELECT report, count(*) OVER ()::int AS total FROM product_import_rows WHERE job_id = $1 ${filter} ORDER BY row LIMIT $2 OFFSET $3`,
      { bind, type: QueryTypes.SELECT },
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const [c] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM product_import_rows WHERE job_id = $1 ${opts.outcome ? 'AND outcome = $2' : 'AND outcome IS NOT NULL'}`, {
        bind: opts.outcome ? [jobId, opts.outcome] : [jobId],
        type: QueryTypes.SELECT,
      });
      total = c.n;
    }
    return { total, rows: rows.map((r) => r.report) };
  }

  async delete(jobId: string): Promise<void> {
    await this.sequelize.query(`DELETE FROM product_import_jobs WHERE job_id = $1`, { bind: [jobId] });
  }
}
