import type { JobStore } from './jobStore';

export type ExportFormat = 'csv' | 'json';

const BASE_COLUMNS = ['id', 'sku', 'name', 'ean', 'priceNet', 'vatRate', 'stock', 'status', 'updatedAt'] as const;
const SHOP_COLUMNS = ['remoteId', 'inSync', 'name', 'price', 'active'] as const;
const PAGE = 1000;

/** Characters a spreadsheet may read as the start of a formula (ASCII and full-width forms), or tab / CR. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain number ("-12", "3.5", "-0.25"): the only cells starting with "-" or "+" left as they are. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV cell: a cell that could start a formula (= + - @, tab, CR, or their full-width forms, also after leading
 * spaces) gets a leading apostrophe unless the whole cell is a plain number; then quoted when needed (RFC 4180).
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const risky = FORMULA_START.test(s.replace(/^ +/, '')) && !PLAIN_NUMBER.test(s);
  const safe = risky ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Streams a bulk export job's snapshot (job_export_rows) as CSV (one row per product, shop columns
 * `shop<id>_<field>`) or as a JSON array, page by page, so 100k rows never sit in memory at once.
 */
export function exportStream(jobs: Pick<JobStore, 'exportRows'>, jobId: string, format: ExportFormat, shopIds: number[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let after = -1;
  let first = true;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      const rows = await jobs.exportRows(jobId, after, PAGE);
      let chunk = '';
      if (first) {
        chunk += format === 'csv' ? `${[...BASE_COLUMNS, ...shopIds.flatMap((id) => SHOP_COLUMNS.map((c) => `shop${id}_${c}`))].join(',')}\n` : '[';
      }
      for (const r of rows) {
        if (format === 'csv') {
          const shops = (r.row.shops ?? {}) as Record<string, Record<string, unknown>>;
          const cells = [...BASE_COLUMNS.map((c) => r.row[c]), ...shopIds.flatMap((id) => SHOP_COLUMNS.map((c) => shops[String(id)]?.[c]))];
          chunk += `${cells.map(csvCell).join(',')}\n`;
        } else {
          chunk += `${first ? '' : ','}\n${JSON.stringify(r.row)}`;
        }
        first = false;
        after = r.seq;
      }
      if (rows.length < PAGE) {
        if (format === 'json') chunk += first ? ']' : '\n]';
        finished = true;
        first = false;
        if (chunk) controller.enqueue(enc.encode(chunk));
        controller.close();
        return;
      }
      first = false;
      controller.enqueue(enc.encode(chunk));
    },
  });
}
