import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { CatalogError } from '../catalogError';
import { PRODUCT_WRITE_FIELDS as IMPORT_FIELDS } from '../productCatalog';

/**
 * Reading an import file into rows of named values. CSV: the separator (`;`, `,` or tab) is detected from the
 * header line unless given, the text is UTF-8 or Windows-1250 (detected: bytes that are not valid UTF-8 are
 * read as Windows-1250, the Polish Excel default; or declared), fields may be quoted (RFC 4180, csv-parse).
 * Column names are the API's field names (case ignored); the read-only columns an export writes are ignored,
 * so an export imports back as is. A file that cannot be read at all is refused (422) before any row.
 */

export type ImportEncoding = 'utf-8' | 'windows-1250';
export type ImportDelimiter = ';' | ',' | '\t';

export interface ImportRecord {
  /** 1-based data row (the header is not counted) */
  row: number;
  /** the file line the row starts on (CSV), null for JSON */
  line: number | null;
  values: Record<string, unknown>;
}

export interface ReadFile {
  records: ImportRecord[];
  /** CSV only: what was used (detected or declared) */
  encoding: ImportEncoding | null;
  delimiter: ImportDelimiter | null;
}

/** Columns an export writes that an import ignores (the product's identity and bookkeeping). */
export const EXPORT_ONLY_COLUMNS = ['id', 'version', 'createdAt', 'updatedAt', 'erpSourceId', 'erpExternalId'] as const;

const fileError = (code: string, message: string, details?: unknown) => new CatalogError('invalid', code, message, details);

export function decodeCsv(bytes: Uint8Array, declared: ImportEncoding | 'auto'): { text: string; encoding: ImportEncoding } {
  if (declared === 'windows-1250') return { text: iconv.decode(Buffer.from(bytes), 'win1250'), encoding: 'windows-1250' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    if (declared === 'utf-8') throw fileError('IMPORT_ENCODING', 'The file is not valid UTF-8 (declared); send it as UTF-8 or declare encoding=windows-1250', { field: 'encoding' });
    return { text: iconv.decode(Buffer.from(bytes), 'win1250'), encoding: 'windows-1250' };
  }
}

/** The separator that occurs most often outside quotes in the header line (`,` on a tie). */
export function detectDelimiter(text: string): ImportDelimiter {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as ImportDelimiter] += 1;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

const FIELD_BY_LOWER = new Map<string, string>([...IMPORT_FIELDS, ...EXPORT_ONLY_COLUMNS].map((f) => [f.toLowerCase(), f]));

/** Header names → API field names; unknown or repeated columns refuse the file. */
function columnsOf(header: string[]): string[] {
  const names = header.map((h) => FIELD_BY_LOWER.get(h.trim().toLowerCase()) ?? h.trim());
  const unknown = names.filter((n) => !FIELD_BY_LOWER.has(n.toLowerCase()));
  if (unknown.length) {
    throw fileError('IMPORT_UNKNOWN_COLUMNS', `Unknown columns: ${unknown.join(', ')} (known: ${IMPORT_FIELDS.join(', ')})`, { fields: unknown.map((u) => ({ field: u, message: 'unknown column' })) });
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw fileError('IMPORT_REPEATED_COLUMNS', `Columns given twice: ${repeated.join(', ')}`, { fields: repeated.map((r) => ({ field: r, message: 'repeated column' })) });
  if (!names.includes('sku')) throw fileError('IMPORT_NO_SKU', 'The file needs a sku column (the key products are matched by)', { fields: [{ field: 'sku', message: 'missing column' }] });
  return names;
}

export function readCsv(bytes: Uint8Array, opts: { encoding: ImportEncoding | 'auto'; delimiter: ImportDelimiter | 'auto' }): ReadFile {
  const { text, encoding } = decodeCsv(bytes, opts.encoding);
  const delimiter = opts.delimiter === 'auto' ? detectDelimiter(text) : opts.delimiter;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { delimiter, bom: true, skip_empty_lines: true, info: true, relax_column_count: false }) as never;
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw fileError('IMPORT_CSV_MALFORMED', `The CSV cannot be read: ${err.message}`, { line: err.lines ?? null });
  }
  if (!rows.length) throw fileError('IMPORT_EMPTY', 'The file has no header line', { fields: [{ field: '(body)', message: 'empty file' }] });
  const columns = columnsOf(rows[0].record);
  const records = rows.slice(1).map((r, i) => {
    const values: Record<string, unknown> = {};
    columns.forEach((c, k) => {
      const v = r.record[k];
      // An empty cell leaves the field as it is (a CSV cannot tell "empty" from "not given").
      if (v !== undefined && v.trim() !== '') values[c] = v.trim();
    });
    return { row: i + 1, line: r.info.lines, values };
  });
  return { records, encoding, delimiter };
}

export function readJsonRows(rows: Record<string, unknown>[]): ReadFile {
  return { records: rows.map((values, i) => ({ row: i + 1, line: null, values })), encoding: null, delimiter: null };
}
