import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toScaled4 } from '../../connectors/dynamics/decimalText';
import { CatalogError } from '../catalogError';
import type { ChangeActor } from '../changeActor';
import { type ErpOwnableField, ownedFields } from '../erpOwnedFields';
import { ProductCatalog, type ProductWrite } from '../productCatalog';
import { EXPORT_ONLY_COLUMNS, type ImportRecord, type ReadFile } from './importFile';

/**
 * Upserting products by SKU from an import file. Every row is checked first (fields, duplicate SKUs, unknown
 * categories, fields the product's ERP owns) against the catalogue as it is; a dry run stops there and writes
 * nothing. A real import then writes each row that passed under its own savepoint (all of a row or none of it),
 * on condition that the product did not change since it was checked, and reports every row the same way.
 * Fields owned by a product's ERP source are skipped with a reason (an import never overwrites them).
 */

/** A row's fields (the SKU is its key). */
export type ImportRowFields = ProductWrite & { sku: string };
export type ImportRowError = { field: string; message: string; code: string };
/** Checks one row's values (the API's product field rules): its fields, or every bad field. */
export type ImportRowValidator = (values: Record<string, unknown>) => { ok: true; row: ImportRowFields } | { ok: false; errors: ImportRowError[] };

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'error';

export interface ImportRowReport {
  row: number;
  line: number | null;
  sku: string | null;
  outcome: ImportOutcome;
  /** the product's id (absent for a row in error that matched nothing, or a dry-run create) */
  productId?: number;
  /** fields that are (or would be) changed */
  changedFields: string[];
  /** fields left as they are, with why (e.g. owned by the ERP source) */
  skipped: { field: string; reason: string }[];
  errors: ImportRowError[];
}

export interface ImportReport {
  dryRun: boolean;
  format: 'csv' | 'json';
  encoding: string | null;
  delimiter: string | null;
  summary: Record<ImportOutcome, number> & { rows: number };
  rows: ImportRowReport[];
}

/** Rows per outcome. */
export function summarize(rows: readonly Pick<ImportRowReport, 'outcome'>[]): ImportReport['summary'] {
  const summary = { rows: rows.length, created: 0, updated: 0, unchanged: 0, error: 0 };
  for (const r of rows) summary[r.outcome] += 1;
  return summary;
}

interface Existing {
  id: number;
  version: number;
  sku: string;
  values: Record<string, unknown>;
  categoryIds: number[];
  owned: ErpOwnableField[];
  erpSourceId: number | null;
}

/** Rows written per transaction (each under its own savepoint). */
const WRITE_CHUNK = 200;
const DECIMAL_FIELDS = new Set(['priceNet', 'vatRate', 'weightKg', 'stock']);
const COLUMN_OF: Record<string, string> = {
  name: 'name', description: 'description', shortDescription: 'short_description', ean: 'ean', unit: 'unit', priceNet: 'price_net',
  vatRate: 'vat_rate', currency: 'currency', weightKg: 'weight_kg', stock: 'stock', status: 'status',
};

/** Polish spreadsheets write "1 234,50": a decimal comma and spaces between thousands become "1234.50". */
export function normalizeDecimal(v: string): string {
  const compact = v.replace(/(?<=\d)[\s\u00a0](?=\d{3}\b)/g, '');
  return /^-?\d+,\d+$/.test(compact) ? compact.replace(',', '.') : compact;
}

/** Raw values (CSV text or JSON) as the row schema expects them. */
function normalizeRow(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if ((EXPORT_ONLY_COLUMNS as readonly string[]).includes(k)) continue;
    if (typeof v === 'string' && DECIMAL_FIELDS.has(k)) out[k] = normalizeDecimal(v.trim());
    else if (k === 'categoryIds' && typeof v === 'string') out[k] = v.split(/[|,]/).map((x) => (/^\d{1,10}$/.test(x.trim()) ? Number(x.trim()) : x.trim()));
    else out[k] = v;
  }
  return out;
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (DECIMAL_FIELDS.has(field)) return toScaled4(String(a)) === toScaled4(String(b));
  return String(a).trim() === String(b).trim();
}

const sameCategories = (want: number[], have: number[]) => {
  const w = [...new Set(want)];
  return w.length === have.length && (w.length === 0 || w[0] === have[0]) && w.every((id) => have.includes(id));
};

export class ProductImport {
  private readonly catalog: ProductCatalog;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly validateRow: ImportRowValidator,
  ) {
    this.catalog = new ProductCatalog(sequelize);
  }

  async run(file: ReadFile, opts: { format: 'csv' | 'json'; dryRun: boolean; actor: ChangeActor }): Promise<ImportReport> {
    const rows = await this.importRows(file.records, opts);
    return { dryRun: opts.dryRun, format: opts.format, encoding: file.encoding, delimiter: file.delimiter, summary: summarize(rows), rows };
  }

  /**
   * Checks rows and (unless a dry run) writes those that passed; one report per row. `earlierRowOfSku`: SKUs
   * taken by rows of the same file outside `records` (an import job's earlier chunks), so a repeated SKU is
   * refused the same way whether or not its rows are in one chunk.
   */
  async importRows(records: ImportRecord[], opts: { dryRun: boolean; actor: ChangeActor; earlierRowOfSku?: ReadonlyMap<string, number> }): Promise<ImportRowReport[]> {
    const checked = await this.check(records, opts.earlierRowOfSku);
    if (!opts.dryRun) {
      const toWrite = checked.filter((c) => c.report.outcome === 'created' || c.report.outcome === 'updated');
      // Rows are written WRITE_CHUNK to a transaction, each under its own savepoint (a failed row rolls back alone):
      // one commit per chunk instead of per row.
      for (let i = 0; i < toWrite.length; i += WRITE_CHUNK) {
        await this.sequelize.transaction(async (outer) => {
          for (const c of toWrite.slice(i, i + WRITE_CHUNK)) await this.write(c, opts.actor, outer);
        });
      }
    }
    return checked.map((c) => c.report);
  }

  private async check(records: ImportRecord[], earlierRowOfSku?: ReadonlyMap<string, number>): Promise<{ report: ImportRowReport; write: ProductWrite; existing: Existing | null }[]> {
    const parsed = records.map((r) => ({ record: r, result: this.validateRow(normalizeRow(r.values)) }));
    const skus = parsed.flatMap((p) => (p.result.ok ? [p.result.row.sku] : []));
    const existing = await this.existingBySku(skus);
    const categoryIds = [...new Set(parsed.flatMap((p) => (p.result.ok ? (p.result.row.categoryIds ?? []) : [])))];
    const knownCategories = new Set(
      categoryIds.length
        ? (await this.sequelize.query<{ id: number }>(`SELECT id FROM categories WHERE id = ANY($1::int[])`, { bind: [categoryIds], type: QueryTypes.SELECT })).map((c) => c.id)
        : [],
    );
    const firstRowOfSku = new Map<string, number>(earlierRowOfSku ?? []);

    return parsed.map(({ record, result }) => {
      const rawSku = typeof record.values.sku === 'string' ? record.values.sku.trim() || null : null;
      const report: ImportRowReport = { row: record.row, line: record.line, sku: rawSku, outcome: 'error', changedFields: [], skipped: [], errors: [] };
      if (!result.ok) {
        report.errors = result.errors;
        return { report, write: {}, existing: null };
      }
      const row = result.row;
      report.sku = row.sku;
      const first = firstRowOfSku.get(row.sku);
      if (first !== undefined) {
        report.errors.push({ field: 'sku', message: `SKU ${row.sku} is also in row ${first}; each product once per file`, code: 'DUPLICATE_SKU' });
        return { report, write: {}, existing: null };
      }
      firstRowOfSku.set(row.sku, record.row);
      const unknown = (row.categoryIds ?? []).filter((id) => !knownCategories.has(id));
      if (unknown.length) report.errors.push({ field: 'categoryIds', message: `No category with id ${unknown.join(', ')}`, code: 'UNKNOWN_CATEGORY' });
      const current = existing.get(row.sku) ?? null;
      if (!current && row.name === undefined) report.errors.push({ field: 'name', message: 'a new product needs a name', code: 'REQUIRED' });
      if (report.errors.length) return { report, write: {}, existing: current };

      const write: ProductWrite = {};
      for (const [field, value] of Object.entries(row) as [keyof ImportRowFields, unknown][]) {
        if (field === 'sku' || value === undefined) continue;
        if (current) {
          const same = field === 'categoryIds' ? sameCategories(value as number[], current.categoryIds) : sameValue(field, value, current.values[field]);
          if (same) continue;
          if ((current.owned as string[]).includes(field)) {
            report.skipped.push({ field, reason: `owned by ERP source ${current.erpSourceId}: changes only there` });
            continue;
          }
        }
        (write as Record<string, unknown>)[field] = value;
        report.changedFields.push(field);
      }
      if (current) report.productId = current.id;
      report.outcome = !current ? 'created' : report.changedFields.length ? 'updated' : 'unchanged';
      return { report, write, existing: current };
    });
  }

  /** Writes one checked row under its own savepoint; a failure turns the row into an error, nothing of it written. */
  private async write(c: { report: ImportRowReport; write: ProductWrite; existing: Existing | null }, actor: ChangeActor, outer: Transaction): Promise<void> {
    const { report } = c;
    try {
      await this.sequelize.transaction({ transaction: outer }, async (t) => {
        if (c.existing) {
          const version = c.existing.version;
          await this.catalog.updateIn(t, c.existing.id, c.write, { actor, precondition: (now) => now.version === version });
        } else {
          report.productId = await this.catalog.insertIn(t, { ...c.write, sku: report.sku!, name: c.write.name! }, { actor });
        }
      });
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      const field = e.code === 'PRECONDITION_FAILED' ? 'sku' : ((e.details as { field?: string } | undefined)?.field ?? 'sku');
      const message = e.code === 'PRECONDITION_FAILED' ? 'the product changed while the file was imported; import the row again' : e.message;
      report.outcome = 'error';
      report.errors.push({ field, message, code: e.code });
      if (!c.existing) delete report.productId;
    }
  }

  private async existingBySku(skus: string[]): Promise<Map<string, Existing>> {
    const out = new Map<string, Existing>();
    for (let i = 0; i < skus.length; i += 1000) {
      const rows = await this.sequelize.query<Record<string, unknown> & { id: number; version: number; sku: string; erp_source_id: number | null; field_ownership: unknown; category_ids: number[] }>(
        `SELECT p.id, p.version, p.sku, p.erp_source_id, s.field_ownership, ${Object.entries(COLUMN_OF).map(([f, col]) => `p.${col} AS "${f}"`).join(', ')},
                coalesce((SELECT array_agg(pc.category_id ORDER BY pc.is_primary DESC, pc.category_id) FROM product_categories pc WHERE pc.product_id = p.id), '{}') AS category_ids
           FROM products p LEFT JOIN erp_sources s ON s.id = p.erp_source_id
          WHERE p.sku = ANY($1::varchar[])`,
        { bind: [skus.slice(i, i + 1000)], type: QueryTypes.SELECT },
      );
      for (const r of rows) {
        out.set(r.sku, {
          id: r.id,
          version: r.version,
          sku: r.sku,
          values: Object.fromEntries(Object.keys(COLUMN_OF).map((f) => [f, r[f]])),
          categoryIds: r.category_ids,
          owned: r.erp_source_id === null ? [] : ownedFields(r.field_ownership),
          erpSourceId: r.erp_source_id,
        });
      }
    }
    return out;
  }
}
