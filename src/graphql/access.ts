import { ApiError } from '../api/apiError';
import { type Role, roleAtLeast } from '../auth/role';
import type { GraphqlContext } from './context';

/** The REST routes' role rule, for one resolver or field: FORBIDDEN (extensions.code) below `minRole`. */
export function requireRoleIn(ctx: GraphqlContext, minRole: Role): void {
  if (!roleAtLeast(ctx.principal.role, minRole)) throw new ApiError(403, 'FORBIDDEN', `This field needs the ${minRole} role`);
}
