import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { IdParam } from '../openapi/params';
import { audit } from '../../auth/audit';
import { createServiceToken, listServiceTokens, maxServiceTokenDays, revokeServiceToken } from '../../auth/serviceTokens';
import type { ServiceToken } from '../../db/models/ServiceToken';
import { ApiError } from '../apiError';
import { ROLES } from '../../auth/role';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { throwNameTaken } from './nameTaken';

const TokenSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    role: z.enum(ROLES),
    hint: z.string().openapi({ description: 'the first characters of the token, to recognise it' }),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ServiceToken');
const CreateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    expiresInDays: z.number().int().min(1).max(730).default(90),
  })
  .strict();

function view(t: ServiceToken) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    hint: `${t.tokenHint}…`,
    expiresAt: t.expiresAt.toISOString(),
    revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
    lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
    createdAt: t.createdAt.toISOString(),
  };
}

const listServiceTokensRoute = apiRoute({
  method: 'get',
  path: '/',
  tags: ['service tokens'],
  summary: 'All service tokens (never the tokens themselves)',
  middleware: [requireRole('admin')] as const,
  responses: { 200: { description: 'tokens', content: { 'application/json': { schema: z.object({ items: z.array(TokenSchema) }) } } } },
});

const createServiceTokenRoute = apiRoute({
  method: 'post',
  path: '/',
  tags: ['service tokens'],
  summary: 'Create a named token with a role and an expiry; the response is the only time the token is shown',
  middleware: [requireRole('admin')] as const,
  request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: TokenSchema.extend({ token: z.string() }) } } },
    422: errorResponse('an admin token longer-lived than SERVICE_TOKEN_ADMIN_MAX_DAYS (TOKEN_LIFETIME_TOO_LONG)'),
    409: errorResponse('an active token has this name'),
  },
});

const revokeServiceTokenRoute = apiRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['service tokens'],
  summary: 'Revoke a token (it, and every token minted with it, stops working at once)',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'revoked' }, 404: errorResponse('no such active token') },
});

/** Service tokens for machine clients (admin): create (the token is shown once), list, revoke. */
export function serviceTokenRoutes(deps: { adminMaxDays: number }) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    listServiceTokensRoute,
    async (c) => c.json({ items: (await listServiceTokens()).map(view) }, 200),
  );

  app.openapi(
    createServiceTokenRoute,
    async (c) => {
      const body = c.req.valid('json');
      const principal = c.get('principal')!;
      const maxDays = maxServiceTokenDays(body.role, deps.adminMaxDays);
      if (body.expiresInDays > maxDays) throw new ApiError(422, 'TOKEN_LIFETIME_TOO_LONG', `${body.role} tokens live at most ${maxDays} days`, { maxDays });
      try {
        const { record, token } = await createServiceToken({
          name: body.name,
          role: body.role,
          expiresAt: new Date(Date.now() + body.expiresInDays * 86_400_000),
          createdBy: principal.kind === 'user' ? principal.id : null,
          createdByToken: principal.kind === 'service' ? principal.id : null,
        });
        await audit(principal, 'service_token.create', `service_token:${record.id}`, { name: record.name, role: record.role });
        return c.json({ ...view(record), token }, 201);
      } catch (e) {
        throwNameTaken(e, `An active service token is named "${body.name}"`);
      }
    },
  );

  app.openapi(
    revokeServiceTokenRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeServiceToken(id))) throw new ApiError(404, 'TOKEN_NOT_FOUND', 'No such active service token');
      await audit(c.get('principal'), 'service_token.revoke', `service_token:${id}`);
      return c.body(null, 204);
    },
  );
  return app;
}
