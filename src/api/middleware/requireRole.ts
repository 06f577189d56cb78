import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { type Role, roleAtLeast } from '../../auth/role';

/**
 * Route access declarations. Every route under /api/v1 puts exactly one of these in its createRoute
 * `middleware` list; `v1Routes` refuses to start when a route has none (see assertEveryRouteDeclaresAccess).
 *
 *   middleware: [requireRole('user')]      any signed-in user, manager, admin or service token of those roles
 *   middleware: [requireRole('manager')]   manager or admin
 *   middleware: [requireRole('admin')]     admin only
 *   middleware: [publicRoute()]            no authentication (reserved for the sign-in flow)
 *
 * Roles are ranked user < manager < admin; a role includes the rights of the roles below it.
 * No principal → 401 UNAUTHENTICATED; principal below the role → 403 FORBIDDEN.
 */
export type AccessRule = { kind: 'public' } | { kind: 'role'; minRole: Role };

const ACCESS_RULE = Symbol.for('ppm.api.accessRule');
type Tagged = MiddlewareHandler<AppEnv> & { [ACCESS_RULE]?: AccessRule };

/** Route middleware: the caller must be authenticated with `minRole` or a higher role. */
export function requireRole(minRole: Role): MiddlewareHandler<AppEnv> {
  const mw: Tagged = async (c, next) => {
    const principal = c.get('principal');
    if (!principal) {
      throw new ApiError(401, 'UNAUTHENTICATED', c.get('authProblem') ?? 'Authentication required', undefined);
    }
    if (!roleAtLeast(principal.role, minRole)) {
      throw new ApiError(403, 'FORBIDDEN', `This operation needs the ${minRole} role`);
    }
    await next();
  };
  mw[ACCESS_RULE] = { kind: 'role', minRole };
  return mw;
}

/** Route middleware for the few routes that need no authentication (the sign-in flow). */
export function publicRoute(): MiddlewareHandler<AppEnv> {
  const mw: Tagged = async (_c, next) => {
    await next();
  };
  mw[ACCESS_RULE] = { kind: 'public' };
  return mw;
}

/** The access rule a handler carries, if it is a requireRole/publicRoute middleware. */
export function accessRuleOf(handler: unknown): AccessRule | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as Tagged)[ACCESS_RULE];
}
