import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { buildHealthReport } from '../../reports/healthReport';
import { HealthReportSchema } from '../../reports/healthReportSchema';
import { healthReportCsv } from '../../reports/healthReportCsv';
import { buildCatalogueReport } from '../../reports/catalogueReport';
import { catalogueReportCsv } from '../../reports/catalogueReportCsv';
import { CatalogueReportSchema } from '../../reports/catalogueReportSchema';
import { buildErpSourceReport } from '../../reports/erpSourceReport';
import { erpSourceReportCsv } from '../../reports/erpSourceReportCsv';
import { ErpSourceReportSchema } from '../../reports/erpSourceReportSchema';
import { buildShopReport } from '../../reports/shopReport';
import { shopReportCsv } from '../../reports/shopReportCsv';
import { ShopReportSchema } from '../../reports/shopReportSchema';
import type { AppEnv } from '../appEnv';
import { requireRole } from '../middleware/requireRole';
import { csvBody, wantsCsv } from '../csvResponse';
import { apiRoute } from '../openapi/apiRoute';
import { Int4OffsetText, intText, MinutesText } from '../openapi/params';

const Format = z.enum(['json', 'csv']).optional().openapi({ description: 'default json, or csv when Accept prefers text/csv' });

const healthReportRoute = apiRoute({
  method: 'get',
  path: '/health',
  tags: ['reports'],
  summary: 'Per shop and ERP source: last successful sync, error counts by code over 24 h; stuck jobs; paused or failing schedules',
  description: '`format=csv` (or `Accept: text/csv`) answers one CSV table: a line per shop, ERP source, stuck job and schedule problem (column `section`).',
  middleware: [requireRole('manager')] as const,
  request: {
    query: z.object({
      stuckMinutes: MinutesText.optional().openapi({ description: 'default HEALTH_STUCK_MINUTES' }),
      format: z.enum(['json', 'csv']).optional().openapi({ description: 'default json, or csv when Accept prefers text/csv' }),
    }),
  },
  responses: {
    200: { description: 'the report', content: { 'application/json': { schema: HealthReportSchema }, 'text/csv': { schema: z.string() } } },
  },
});

const shopReportRoute = apiRoute({
  method: 'get',
  path: '/shops',
  tags: ['reports'],
  summary: 'Per shop: last successful push, products in sync / out of date / failed / never pushed, failures by error code over 24 h and 7 days',
  description: 'Product states are the ledger states of the product list filter `syncState`. `format=csv` (or `Accept: text/csv`) answers a CSV line per shop.',
  middleware: [requireRole('manager')] as const,
  request: { query: z.object({ format: Format }) },
  responses: {
    200: { description: 'the report', content: { 'application/json': { schema: ShopReportSchema }, 'text/csv': { schema: z.string() } } },
  },
});

const erpSourceReportRoute = apiRoute({
  method: 'get',
  path: '/erp-sources',
  tags: ['reports'],
  summary: 'Per ERP source: last pull (start, end, mode, outcome, rows), pulls and rows read / changed / unchanged / failed over 24 h and 7 days, failed pulls with their error',
  description:
    'Read from the pulls\' own records (one per pull, kept JOB_RETENTION_DAYS). `format=csv` (or `Accept: text/csv`) answers a CSV line per ERP source.',
  middleware: [requireRole('manager')] as const,
  request: { query: z.object({ format: Format }) },
  responses: {
    200: { description: 'the report', content: { 'application/json': { schema: ErpSourceReportSchema }, 'text/csv': { schema: z.string() } } },
  },
});

const catalogueReportRoute = apiRoute({
  method: 'get',
  path: '/catalogue',
  tags: ['reports'],
  summary: 'Active products without images, without a category, without a translation per shop language: counts and a page of each list',
  description:
    'Shop languages are the keys of the shops\' `languageMap` other than CATALOG_DEFAULT_LANGUAGE (the products\' own texts). Each list is a page: ' +
    'ids above `afterId` in id order, at most `limit`; `nextAfterId` pages on. `format=csv` (or `Accept: text/csv`) answers a count line per gap and a line per listed product.',
  middleware: [requireRole('manager')] as const,
  request: {
    query: z.object({
      limit: intText(0, 1000).optional().openapi({ description: 'products listed per gap, default 50 (0: counts only)' }),
      afterId: Int4OffsetText.optional().openapi({ description: 'list products with a larger id (the previous page\'s nextAfterId); default 0' }),
      format: Format,
    }),
  },
  responses: {
    200: { description: 'the report', content: { 'application/json': { schema: CatalogueReportSchema }, 'text/csv': { schema: z.string() } } },
  },
});

/**
 * Reports (manager+), JSON or CSV: GET /reports/health (the ops view), GET /reports/shops, GET /reports/erp-sources,
 * GET /reports/catalogue.
 */
export function reportRoutes(deps: { sequelize: Sequelize; temporal: Client; taskQueue: string; stuckMinutes: number; defaultLanguage: string }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    healthReportRoute,
    async (c) => {
      const { stuckMinutes, format } = c.req.valid('query');
      const report = await buildHealthReport(deps, stuckMinutes ?? deps.stuckMinutes);
      if (wantsCsv(c, format)) return csvBody(c, healthReportCsv(report)) as never;
      return c.json(report, 200);
    },
  );
  app.openapi(shopReportRoute, async (c) => {
    const report = await buildShopReport(deps.sequelize);
    if (wantsCsv(c, c.req.valid('query').format)) return csvBody(c, shopReportCsv(report)) as never;
    return c.json(report, 200);
  });
  app.openapi(erpSourceReportRoute, async (c) => {
    const report = await buildErpSourceReport(deps.sequelize);
    if (wantsCsv(c, c.req.valid('query').format)) return csvBody(c, erpSourceReportCsv(report)) as never;
    return c.json(report, 200);
  });
  app.openapi(catalogueReportRoute, async (c) => {
    const { limit, afterId, format } = c.req.valid('query');
    const report = await buildCatalogueReport(deps.sequelize, deps.defaultLanguage, { limit: limit ?? 50, afterId: afterId ?? 0 });
    if (wantsCsv(c, format)) return csvBody(c, catalogueReportCsv(report)) as never;
    return c.json(report, 200);
  });
  return app;
}
