import { OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from '../openapi/apiRoute';
import { listAndGetRoutes } from '../openapi/listAndGetRoutes';
import { IdParam } from '../openapi/params';
import { audit } from '../../auth/audit';
import { revokeTokensOfUser } from '../../auth/serviceTokens';
import type { RefreshTokens } from '../../auth/refreshTokens';
import { User } from '../../db/models/User';
import { ApiError } from '../apiError';
import { ROLES } from '../../auth/role';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';

const UserSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    provider: z.string().nullable(),
    active: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('User');

function view(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    provider: u.provider,
    active: u.active,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

const userReads = listAndGetRoutes({
  tag: 'users',
  role: 'admin',
  schema: UserSchema,
  list: { summary: 'All users', description: 'users' },
  get: { summary: 'One user', description: 'user', notFound: 'no such user' },
});

const updateUserRoute = apiRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['users'],
  summary: "Change a user's role or deactivate/reactivate them (their sessions end at once)",
  middleware: [requireRole('admin')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object({ role: z.enum(ROLES).optional(), active: z.boolean().optional() }).strict() } }, required: true },
  },
  responses: {
    200: { description: 'updated', content: { 'application/json': { schema: UserSchema } } },
    404: errorResponse('no such user'),
    409: errorResponse('admins cannot demote or deactivate themselves'),
  },
});

/** Users (admin): list, read, change role, deactivate/reactivate. Role changes and deactivation end sessions at once. */
export function userRoutes(deps: { refreshTokens: RefreshTokens }) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    userReads.list,
    async (c) => c.json({ items: (await User.findAll({ order: [['id', 'ASC']] })).map(view) }, 200),
  );

  app.openapi(
    userReads.get,
    async (c) => {
      const u = await User.findByPk(c.req.valid('param').id);
      if (!u) throw new ApiError(404, 'USER_NOT_FOUND', 'No such user');
      return c.json(view(u), 200);
    },
  );

  app.openapi(
    updateUserRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const principal = c.get('principal')!;
      const u = await User.findByPk(id);
      if (!u) throw new ApiError(404, 'USER_NOT_FOUND', 'No such user');
      if (principal.kind === 'user' && principal.id === id && (body.active === false || (body.role && body.role !== 'admin'))) {
        throw new ApiError(409, 'CANNOT_CHANGE_SELF', 'Admins cannot demote or deactivate themselves');
      }
      const endSessions = (body.active === false && u.active) || (body.role !== undefined && body.role !== u.role);
      if (body.role !== undefined) u.role = body.role;
      if (body.active !== undefined) u.active = body.active;
      if (endSessions) u.sessionVersion = u.sessionVersion + 1;
      await u.save();
      if (body.active === false) await deps.refreshTokens.revokeAllForUser(u.id, 'deactivated');
      // Service tokens do not outlive their creator's rights: all on deactivation, those above a new lower role.
      const revokedTokens = body.active === false ? await revokeTokensOfUser(u.id, null) : body.role !== undefined ? await revokeTokensOfUser(u.id, body.role) : [];
      await audit(principal, 'user.update', `user:${u.id}`, { role: body.role, active: body.active, ...(revokedTokens.length ? { revokedServiceTokens: revokedTokens } : {}) });
      return c.json(view(u), 200);
    },
  );
  return app;
}
