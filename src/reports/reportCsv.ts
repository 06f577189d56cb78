import { csvCell } from '../jobs/exportFiles';

/**
 * A report as CSV (UTF-8 with BOM for spreadsheets, CRLF lines): every cell neutralised like the export files
 * (a cell a spreadsheet could read as a formula gets a leading apostrophe) and quoted when needed.
 */
export function reportCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
