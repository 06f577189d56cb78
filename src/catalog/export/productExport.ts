import { stringify } from 'csv-stringify/sync';
import type { Sequelize } from 'sequelize';
import { filteredProducts, type ProductFilter, type WalkedProduct } from '../filteredProducts';

/**
 * The catalogue as a file, streamed page by page: CSV (UTF-8 with BOM so spreadsheets read the Polish letters;
 * csv-stringify quotes where needed) or JSON `{ "products": [...] }`. The columns are the import's fields plus
 * the read-only ones (id, erpSourceId, erpExternalId, version, createdAt, updatedAt) an import ignores, so an
 * export imports back unchanged.
 */

export const EXPORT_COLUMNS = [
  'id', 'sku', 'name', 'description', 'shortDescription', 'ean', 'unit', 'priceNet', 'vatRate', 'currency', 'weightKg', 'stock', 'status', 'categoryIds',
  'erpSourceId', 'erpExternalId', 'version', 'createdAt', 'updatedAt',
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], unknown>;

function exportRow(p: WalkedProduct): ExportRow {
  const { erp, ...rest } = p;
  return { ...rest, erpSourceId: erp?.sourceId ?? null, erpExternalId: erp?.externalId ?? null };
}

const ordered = (r: ExportRow) => Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, r[c]]));

export function productExportStream(sequelize: Sequelize, cursorSecret: string, filter: ProductFilter, opts: { format: 'csv' | 'json'; delimiter: ';' | ',' }): ReadableStream<Uint8Array> {
  const pages = filteredProducts(sequelize, cursorSecret, filter);
  const encoder = new TextEncoder();
  let started = false;
  let wroteRow = false;
  const csv = (records: unknown[][]) => stringify(records, { delimiter: opts.delimiter, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pages.next();
      const rows = next.done ? [] : next.value.map(exportRow);
      let text = '';
      if (opts.format === 'csv') {
        if (!started) text += '\uFEFF' + csv([[...EXPORT_COLUMNS]]);
        text += csv(rows.map((r) => EXPORT_COLUMNS.map((c) => (c === 'categoryIds' ? (r.categoryIds as number[]).join('|') : (r[c] ?? '')))));
      } else {
        if (!started) text += '{"products":[';
        for (const r of rows) {
          text += (wroteRow ? ',' : '') + JSON.stringify(ordered(r));
          wroteRow = true;
        }
        if (next.done) text += ']}\n';
      }
      started = true;
      if (text) controller.enqueue(encoder.encode(text));
      if (next.done) controller.close();
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
