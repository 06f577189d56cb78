import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Sequelize } from 'sequelize';
import type { SecretBox } from '../../crypto/secretBox';
import { DEFAULT_ERP_CONNECTORS } from '../../erpPull/defaultErpConnectors';
import { createErpSourceFactory } from '../../erpPull/erpSourceFactory';
import type { OutboundPolicy } from '../../net/outboundPolicy';
import { testErpConnection } from '../../onboarding/erpConnectionTest';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';
import { IdParam } from '../openapi/params';

const ErpTestReportSchema = z
  .object({
    ok: z.boolean(),
    error: z.object({ code: z.string(), message: z.string() }).nullable().openapi({ description: 'why the source could not be reached or refused the credentials' }),
    system: z.enum(['subiekt', 'dynamics']),
    description: z.string().nullable(),
    productCount: z.number().int().nullable(),
    details: z.record(z.string(), z.unknown()).openapi({
      description:
        'Subiekt GT: serverVersion, database, productGroupCount, priceLevelNames, priceLevel(Name), warehouses (configured), availableWarehouses; Business Central: companyId, companyName, systemVersion, environment, companies (every company of the environment)',
    }),
  })
  .openapi('ErpSourceTestReport');

const erpSourceTestRoute = apiRoute({
  method: 'post',
  path: '/{id}/test',
  tags: ['erp sources'],
  summary: 'Test an ERP source live: connect, count its products, discover price levels, warehouses and product groups (Subiekt GT) or the companies (Business Central)',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'the report (ok: false with error when the source cannot be reached)', content: { 'application/json': { schema: ErpTestReportSchema } } },
    404: errorResponse('no such ERP source'),
  },
});

/** POST /erp-sources/{id}/test: a live connection test of one ERP source (admin: connector errors name hosts and settings). */
export function erpSourceTestRoutes(deps: { sequelize: Sequelize; secretBox: SecretBox; outbound: OutboundPolicy }) {
  const factory = createErpSourceFactory({ sequelize: deps.sequelize, secretBox: deps.secretBox, builders: DEFAULT_ERP_CONNECTORS, outbound: deps.outbound });
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    erpSourceTestRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const [row] = (await deps.sequelize.query(`SELECT kind FROM erp_sources WHERE id = $1`, { bind: [id] }))[0] as { kind: 'subiekt' | 'dynamics' }[];
      const report = row ? await testErpConnection(factory, id, row.kind) : null;
      if (!report) throw new ApiError(404, 'ERP_SOURCE_NOT_FOUND', 'No such ERP source');
      return c.json(report, 200);
    },
  );
  return app;
}
