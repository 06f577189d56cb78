import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Sequelize } from 'sequelize';
import { productExportStream } from '../../catalog/export/productExport';
import { ProductFilterQuery } from '../schemas/productSchemas';
import { assertFilterReferences } from '../../catalog/productList';
import { errorResponse } from '../errorSchema';
import { listCall } from './products';
import type { AppEnv } from '../appEnv';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';

const productExportRoute = apiRoute({
  method: 'get',
  path: '/export',
  tags: ['products'],
  summary: 'Export the catalogue (the filters and sort of GET /products) as CSV or JSON, streamed; the file imports back with POST /products/import',
  middleware: [requireRole('user')] as const,
  request: {
    query: ProductFilterQuery.extend({
      format: z.enum(['csv', 'json']).optional().openapi({ description: 'default csv (UTF-8 with BOM, categoryIds as "3|7")' }),
      delimiter: z.enum(['comma', 'semicolon']).optional().openapi({ description: 'CSV separator; default comma' }),
    }),
  },
  responses: {
    200: {
      description: 'the file (Content-Disposition: attachment)',
      content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.object({ products: z.array(z.record(z.string(), z.unknown())) }) } },
    },
    400: errorResponse('invalid filter, or an unknown category (details.fields names it)'),
  },
});

/** GET /products/export: the catalogue (the list's filters and sort) as a streamed CSV or JSON file. */
export function productExportRoutes({ sequelize, cursorSecret }: { sequelize: Sequelize; cursorSecret: string }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    productExportRoute,
    async (c) => {
      const { format = 'csv', delimiter = 'comma', ...filter } = c.req.valid('query');
      // Refused here, before the stream starts: once streaming, an error could only cut the file short.
      await listCall(() => assertFilterReferences(sequelize, filter));
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');
      return new Response(productExportStream(sequelize, cursorSecret, filter, { format, delimiter: delimiter === 'semicolon' ? ';' : ',' }), {
        status: 200,
        headers: {
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="products-${stamp}.${format}"`,
        },
      }) as never;
    },
  );
  return app;
}
