import type { Sequelize } from 'sequelize';
import { ExportRows } from '../shopPush/exportRows';
import { JobFailures, type FailureRow } from '../shopPush/jobFailures';

/**
 * What the API reads of a job's rows: its failures, its export snapshot. The worker writes them (src/shopPush:
 * jobFailures.ts, exportRows.ts); the selection lives in src/shopPush/jobSelection.ts.
 */
export class JobStore {
  private readonly exports: ExportRows;
  private readonly failures: JobFailures;

  constructor(sequelize: Sequelize) {
    this.exports = new ExportRows(sequelize);
    this.failures = new JobFailures(sequelize);
  }

  async failuresPage(jobId: string, limit: number, afterId: number): Promise<{ total: number; items: FailureRow[] }> {
    return this.failures.page(jobId, limit, afterId);
  }

  async exportRows(jobId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; row: Record<string, unknown> }>> {
    return this.exports.page(jobId, afterSeq, limit);
  }
}
