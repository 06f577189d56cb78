import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import type { AppEnv } from '../api/appEnv';
import { ErrorEnvelopeSchema } from '../api/errorSchema';
import { requireRole } from '../api/middleware/requireRole';
import { apiRoute } from '../api/openapi/apiRoute';
import type { Config } from '../config/env';
import { runGraphql } from './execute';
import type { GraphqlLimits } from './limits';
import { createLoaders } from './loaders';
import { createGraphqlSchema } from './schema';
import { graphqlServices } from './services';

const GraphqlRequestSchema = z
  .object({
    query: z.string().min(1).max(100_000).openapi({ example: '{ products(first: 10) { nodes { id sku name } pageInfo { endCursor } } }' }),
    variables: z.record(z.string(), z.unknown()).nullable().optional(),
    operationName: z.string().max(256).nullable().optional(),
    extensions: z.record(z.string(), z.unknown()).nullable().optional().openapi({ description: 'accepted and ignored' }),
  })
  .strict()
  .openapi('GraphqlRequest');

const GraphqlErrorSchema = z
  .object({
    message: z.string(),
    locations: z.array(z.object({ line: z.number(), column: z.number() })).optional(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    extensions: z
      .object({ code: z.string().openapi({ description: "the REST error envelope's code for the same failure" }), details: z.unknown().optional(), requestId: z.string().optional() })
      .catchall(z.unknown()),
  })
  .openapi('GraphqlError');
const GraphqlResponseSchema = z
  .object({ data: z.record(z.string(), z.unknown()).nullable().optional(), errors: z.array(GraphqlErrorSchema).optional() })
  .openapi('GraphqlResponse');
const graphqlOrEnvelope = (description: string) => ({ description, content: { 'application/json': { schema: z.union([GraphqlResponseSchema, ErrorEnvelopeSchema]) } } });

/** The limits from the config (validated once at start with the rest of it). */
export const graphqlLimits = (config: Config): GraphqlLimits => ({
  maxDepth: config.GRAPHQL_MAX_DEPTH,
  maxCost: config.GRAPHQL_MAX_COST,
  introspection: config.GRAPHQL_INTROSPECTION,
  allowedOperations: config.GRAPHQL_ALLOWED_OPERATIONS,
});

/** POST /api/v1/graphql: the catalogue, shops, ERP sources, ledger, jobs and reports in one query, over the REST routes' services and roles. */
export function graphqlRoutes(deps: { config: Config; sequelize: Sequelize; temporal: Client }) {
  const app = new OpenAPIHono<AppEnv>();
  const schema = createGraphqlSchema();
  const services = graphqlServices(deps.config, deps.sequelize, deps.temporal);
  const limits = graphqlLimits(deps.config);
  app.openapi(
    apiRoute({
      method: 'post',
      path: '/',
      tags: ['graphql'],
      summary: 'GraphQL over the catalogue, shops, ERP sources, sync ledger, jobs and reports (schema: src/graphql/schema.graphql)',
      description:
        'Any signed-in role; each field checks the role of the REST route serving the same data (errors[].extensions.code FORBIDDEN). ' +
        'Field errors answer 200 with data and errors (extensions.code = the REST envelope code). Depth, cost and page size are limited; ' +
        'introspection is off in production unless GRAPHQL_INTROSPECTION=true; GRAPHQL_ALLOWED_OPERATIONS restricts operation names.',
      middleware: [requireRole('user')] as const,
      request: { body: { content: { 'application/json': { schema: GraphqlRequestSchema } }, required: true } },
      responses: {
        200: { description: 'executed: data, and errors for fields that failed', content: { 'application/json': { schema: GraphqlResponseSchema } } },
        400: graphqlOrEnvelope('an invalid request body (error envelope, VALIDATION_FAILED naming the field)'),
        422: graphqlOrEnvelope(
          'refused before running (GraphQL errors): a document that does not parse or validate, variables that do not fit, an unknown operationName (VALIDATION_FAILED), ' +
            'or a limit (QUERY_TOO_DEEP, QUERY_TOO_COSTLY, INTROSPECTION_DISABLED, OPERATION_NOT_ALLOWED); or text the database cannot store (error envelope)',
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const ctx = { http: c, principal: c.get('principal')!, services, loaders: createLoaders(services) };
      const out = await runGraphql(schema, limits, body, ctx);
      return c.json(out.body as never, out.status);
    },
  );
  return app;
}
