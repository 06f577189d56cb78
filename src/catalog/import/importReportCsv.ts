import { stringify } from 'csv-stringify/sync';
import type { ImportRowReport } from './productImport';

/** An import's per-row report as CSV (UTF-8 with BOM, so spreadsheets read Polish letters): one line per row. */
export function importReportCsv(rows: ImportRowReport[]): string {
  return `\uFEFF${stringify(
    rows.map((r) => [
      r.row,
      r.line ?? '',
      r.sku ?? '',
      r.outcome,
      r.productId ?? '',
      r.changedFields.join('|'),
      r.skipped.map((s) => `${s.field}: ${s.reason}`).join(' | '),
      r.errors.map((e) => `${e.field}: ${e.code}: ${e.message}`).join(' | '),
    ]),
    { header: true, columns: ['row', 'line', 'sku', 'outcome', 'productId', 'changedFields', 'skipped', 'errors'] },
  )}`;
}
