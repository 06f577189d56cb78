import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { startProductImportJob } from '../../jobs/importJobStarter';
import { jobUserId } from './jobPrincipal';
import { actorOf } from '../../catalog/changeActor';
import { type ImportDelimiter, readCsv, readJsonRows, type ReadFile } from '../../catalog/import/importFile';
import { ProductImport } from '../../catalog/import/productImport';
import { validateImportRow } from '../schemas/importRowValidator';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { catalogCall } from '../catalogCall';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';
import { validationHook } from '../validationHook';

const ImportJsonBody = z
  .object({
    products: z
      .array(z.record(z.string(), z.unknown()))
      .openapi({ description: 'one object per product with the fields of ProductCreate (sku required; name for new products); each checked and reported on its own' }),
  })
  .strict()
  .openapi('ProductImportJson');

const RowReport = z.object({
  row: z.number().int().openapi({ description: '1-based data row (the CSV header is not counted)' }),
  line: z.number().int().nullable().openapi({ description: 'CSV line the row ends on; null for JSON' }),
  sku: z.string().nullable(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'error']),
  productId: z.number().int().optional().openapi({ description: 'the product (absent for a row that matched none and created none)' }),
  changedFields: z.array(z.string()),
  skipped: z.array(z.object({ field: z.string(), reason: z.string() })).openapi({ description: 'fields left as they are, e.g. owned by the ERP source' }),
  errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })),
});
const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    format: z.enum(['csv', 'json']),
    encoding: z.string().nullable().openapi({ description: 'CSV: utf-8 or windows-1250 (detected or declared)' }),
    delimiter: z.string().nullable(),
    summary: z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), error: z.number().int() }),
    rows: z.array(RowReport),
  })
  .openapi('ProductImportReport');

const ImportJobRefSchema = z
  .object({
    id: z.string(),
    type: z.literal('productImportWorkflow'),
    rows: z.number().int(),
    dryRun: z.boolean(),
    links: z.object({ self: z.string(), report: z.string() }),
  })
  .openapi('ProductImportJobRef');

const DELIMITERS: Record<string, ImportDelimiter | 'auto'> = { auto: 'auto', semicolon: ';', comma: ',', tab: '\t' };
const CSV_TYPE = /^(text\/csv|application\/csv|text\/plain)\s*(;|$)/i;
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** A charset parameter of Content-Type (`text/csv; charset=windows-1250`). */
function declaredCharset(contentType: string): 'utf-8' | 'windows-1250' | undefined {
  const m = /;\s*charset="?([^";\s]+)"?/i.exec(contentType);
  if (!m) return undefined;
  const cs = m[1].toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') return 'utf-8';
  if (cs === 'windows-1250' || cs === 'cp1250' || cs === 'win1250') return 'windows-1250';
  throw new ApiError(415, 'UNSUPPORTED_CHARSET', `charset ${m[1]} is not supported: send UTF-8 or Windows-1250`);
}

/**
 * POST /products/import: CSV or JSON, upsert by SKU, per-row report, `dryRun` writes nothing. Synchronous up to
 * IMPORT_MAX_ROWS rows (more: 422, split the file) and IMPORT_MAX_BYTES bytes (more: 413).
 */
export interface ProductImportRouteDeps {
  sequelize: Sequelize;
  temporal: Client;
  taskQueue: string;
  /** IMPORT_MAX_ROWS: more rows → 422 */
  maxRows: number;
  /** IMPORT_INLINE_MAX_ROWS: more rows → a job (202) */
  inlineMaxRows: number;
  /** IMPORT_JOB_CHUNK_ROWS */
  chunkRows: number;
}

export function productImportRoutes({ sequelize, temporal, taskQueue, maxRows, inlineMaxRows, chunkRows }: ProductImportRouteDeps) {
  const importer = new ProductImport(sequelize, validateImportRow);
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.register('ProductImportJson', ImportJsonBody);

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/import',
      tags: ['products'],
      summary: 'Import products (upsert by SKU) from CSV or JSON, with a dry run; a per-row report either way',
      description: [
        'CSV: header line of field names (sku, name, description, shortDescription, ean, unit, priceNet, vatRate, currency, weightKg, stock, status, categoryIds as "3|7"); the read-only columns of an export (id, version, createdAt, updatedAt, erpSourceId, erpExternalId) are ignored.',
        'Separator ; , or tab detected from the header (or `delimiter`); UTF-8 or Windows-1250 detected (or `encoding`, or charset in Content-Type); decimal commas ("19,99", "1 234,50") accepted; an empty cell leaves the field as it is.',
        'Each row is checked against the catalogue; `dryRun=true` stops there and writes nothing. Otherwise each valid row is written in its own transaction (all of it or nothing) and rows in error are not written.',
        "Fields owned by a product's ERP source are never overwritten: they are listed in the row's `skipped` with the reason.",
        'Up to IMPORT_INLINE_MAX_ROWS rows the import (or dry run) runs within the request (200 with the report). A larger file runs as a job: 202 with its id; `GET /jobs/{id}` shows `importProgress` (rows done, created, updated, unchanged, errors) and `GET /jobs/{id}/report` the per-row report (paged, JSON or CSV).',
        'At most IMPORT_MAX_ROWS rows (more: 422 IMPORT_TOO_MANY_ROWS, split the file) and IMPORT_MAX_BYTES bytes (more: 413).',
      ].join('\n\n'),
      middleware: [requireRole('manager')] as const,
      request: {
        query: z.object({
          dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'true: check and report only, write nothing (default false)' }),
          encoding: z.enum(['auto', 'utf-8', 'windows-1250']).optional().openapi({ description: 'CSV text encoding; default auto (a charset in Content-Type counts as declared)' }),
          delimiter: z.enum(['auto', 'semicolon', 'comma', 'tab']).optional().openapi({ description: 'CSV separator; default auto (detected from the header line)' }),
        }),
        body: {
          required: true,
          content: {
            'text/csv': { schema: z.string().min(1).openapi({ description: 'the CSV file' }) },
            'application/json': { schema: { $ref: '#/components/schemas/ProductImportJson' } },
          },
        },
      },
      responses: {
        200: { description: 'the per-row report (also when some rows are in error)', content: { 'application/json': { schema: ImportReportSchema } } },
        202: {
          description: 'more than IMPORT_INLINE_MAX_ROWS rows: the import runs as a job (Location: the job)',
          content: { 'application/json': { schema: ImportJobRefSchema } },
        },
        400: errorResponse('invalid query, or a JSON body that is not { products: [...] } (details.fields names it)'),
        413: errorResponse('the file is larger than IMPORT_MAX_BYTES'),
        415: errorResponse('not CSV or JSON, or a charset other than UTF-8 / Windows-1250'),
        422: errorResponse('the file cannot be read as a whole (malformed CSV, unknown or missing columns, wrong encoding declared) or has more than IMPORT_MAX_ROWS rows'),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const contentType = c.req.header('content-type') ?? '';
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (!bytes.length) throw new ApiError(400, 'BODY_REQUIRED', 'Send the file as the request body (text/csv or application/json)');
      let file: ReadFile;
      let format: 'csv' | 'json';
      if (JSON_TYPE.test(contentType)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          throw new ApiError(400, 'MALFORMED_JSON', 'The body is not valid JSON');
        }
        const result = ImportJsonBody.safeParse(parsed);
        if (!result.success) return validationHook({ success: false, error: result.error, target: 'json' }, c) as never;
        format = 'json';
        file = readJsonRows(result.data.products);
      } else if (CSV_TYPE.test(contentType)) {
        format = 'csv';
        const encoding = query.encoding && query.encoding !== 'auto' ? query.encoding : (declaredCharset(contentType) ?? 'auto');
        file = await catalogCall(async () => readCsv(bytes, { encoding, delimiter: DELIMITERS[query.delimiter ?? 'auto'] }));
      } else {
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv or application/json');
      }
      if (file.records.length > maxRows) {
        throw new ApiError(422, 'IMPORT_TOO_MANY_ROWS', `The file has ${file.records.length} rows; at most ${maxRows} are imported in one request (IMPORT_MAX_ROWS): split the file`, {
          fields: [{ field: '(body)', message: `more than ${maxRows} rows` }],
        });
      }
      const principal = c.get('principal')!;
      const dryRun = query.dryRun === 'true';
      if (file.records.length > inlineMaxRows) {
        const { jobId } = await startProductImportJob({ temporal, sequelize, taskQueue }, { file, format, dryRun, userId: jobUserId(c), by: actorOf(principal), chunkRows });
        const self = `/api/v1/jobs/${encodeURIComponent(jobId)}`;
        c.header('Location', self);
        return c.json({ id: jobId, type: 'productImportWorkflow' as const, rows: file.records.length, dryRun, links: { self, report: `${self}/report` } }, 202);
      }
      const report = await catalogCall(() => importer.run(file, { format, dryRun, actor: { kind: 'import', jobId: null, by: actorOf(principal) } }));
      return c.json(report, 200);
    },
  );
  return app;
}
