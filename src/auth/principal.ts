import { User } from '../db/models/User';
import { AccessTokenError, type AccessTokens } from './accessTokens';
import type { Role } from './role';
import { findUsableServiceToken, SERVICE_TOKEN_PREFIX } from './serviceTokens';

/** Who is calling: a signed-in user or a service token, with the role that decides what it may do. */
export interface Principal {
  kind: 'user' | 'service';
  id: number;
  email?: string;
  role: Role;
  name?: string;
}
export type ResolveResult = { principal: Principal } | { problem: string };

/**
 * Turns a bearer credential into the caller. Access tokens are checked against the user row on every request
 * (active flag, current role, session version), so deactivation and logout-everywhere take effect at once.
 */
export async function resolveBearer(token: string, accessTokens: AccessTokens): Promise<ResolveResult> {
  if (token.startsWith(SERVICE_TOKEN_PREFIX)) {
    const st = await findUsableServiceToken(token);
    if (!st) return { problem: 'Service token is unknown, revoked or expired' };
    return { principal: { kind: 'service', id: st.id, role: st.role, name: st.name } };
  }
  let claims;
  try {
    claims = await accessTokens.verify(token);
  } catch (e) {
    return { problem: e instanceof AccessTokenError ? e.message : 'Invalid access token' };
  }
  const user = await User.findByPk(claims.userId, { attributes: ['id', 'email', 'name', 'role', 'active', 'sessionVersion'] });
  if (!user || !user.active) return { problem: 'User is deactivated' };
  if (user.sessionVersion !== claims.sessionVersion) return { problem: 'Session was ended; sign in again' };
  return { principal: { kind: 'user', id: user.id, email: user.email, role: user.role, name: user.name ?? undefined } };
}
