import { Op, QueryTypes } from 'sequelize';
import { ServiceToken } from '../db/models/ServiceToken';
import type { Role } from './role';
import { ROLE_RANK } from './role';
import { hashOpaqueToken, newOpaqueToken } from './opaqueToken';

/**
 * Service tokens for machine clients (schedulers, scripts, CI): named, with a role and an expiry. The token
 * is shown once at creation; only its SHA-256 and a short prefix (to recognise it in a list) are stored.
 */
export const SERVICE_TOKEN_PREFIX = 'ppm_st_';

export interface CreatedServiceToken {
  record: ServiceToken;
  token: string;
}

/** A token longer-lived than this for `role` is refused (admin tokens are capped by SERVICE_TOKEN_ADMIN_MAX_DAYS). */
export function maxServiceTokenDays(role: Role, adminMaxDays: number): number {
  return role === 'admin' ? adminMaxDays : 730;
}

export async function createServiceToken(input: { name: string; role: Role; expiresAt: Date; createdBy: number | null; createdByToken?: number | null }): Promise<CreatedServiceToken> {
  const token = newOpaqueToken(SERVICE_TOKEN_PREFIX);
  const record = await ServiceToken.create({
    name: input.name,
    role: input.role,
    tokenHash: hashOpaqueToken(token),
    tokenHint: token.slice(0, SERVICE_TOKEN_PREFIX.length + 4),
    createdBy: input.createdBy,
    createdByToken: input.createdByToken ?? null,
    expiresAt: input.expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  });
  return { record, token };
}

/** Who a usable service token is: the caller's identity and role. */
export type UsableServiceToken = Pick<ServiceToken, 'id' | 'name' | 'role'>;

/**
 * The token's identity when it is known, not revoked and not expired. Runs on every request a service token makes:
 * one indexed query without model instances (a Sequelize `findOne` cost about twice as much per request).
 */
export async function findUsableServiceToken(token: string): Promise<UsableServiceToken | null> {
  const [row] = await ServiceToken.sequelize!.query<UsableServiceToken & { lastUsedAt: Date | null }>(
    `SELECT id, name, role, last_used_at AS "lastUsedAt" FROM service_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 LIMIT 1`,
    { bind: [hashOpaqueToken(token), new Date()], type: QueryTypes.SELECT },
  );
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await ServiceToken.update({ lastUsedAt: new Date() }, { where: { id: row.id } });
  }
  return { id: row.id, name: row.name, role: row.role };
}

export async function listServiceTokens(): Promise<ServiceToken[]> {
  return ServiceToken.findAll({ order: [['id', 'ASC']] });
}

/**
 * Revokes the active tokens `roots` and every active token minted through them (created_by_token, transitively).
 * Returns the ids revoked.
 */
async function revokeTrees(roots: number[]): Promise<number[]> {
  if (!roots.length) return [];
  const rows = await ServiceToken.sequelize!.query<{ id: number }>(
    `WITH RECURSIVE tree(id) AS (
       SELECT id FROM service_tokens WHERE id = ANY($1::int[])
       UNION SELECT t.id FROM service_tokens t JOIN tree ON t.created_by_token = tree.id
     )
     UPDATE service_tokens SET revoked_at = now() WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL RETURNING id`,
    { bind: [roots], type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.id);
}

/** Returns false when there is no such (unrevoked) token; tokens it minted are revoked with it. */
export async function revokeServiceToken(id: number): Promise<boolean> {
  const active = await ServiceToken.count({ where: { id, revokedAt: null } });
  if (!active) return false;
  await revokeTrees([id]);
  return true;
}

/**
 * A user left or was demoted: their tokens stop with them. Deactivation (`keepUpTo` null) revokes every token
 * they created; a demotion to `keepUpTo` revokes the ones with a higher role. Tokens minted through revoked
 * tokens go too. Returns the ids revoked.
 */
export async function revokeTokensOfUser(userId: number, keepUpTo: Role | null): Promise<number[]> {
  const mine = await ServiceToken.findAll({ where: { createdBy: userId, revokedAt: null }, attributes: ['id', 'role'] });
  const roots = mine.filter((t) => keepUpTo === null || ROLE_RANK[t.role] > ROLE_RANK[keepUpTo]).map((t) => t.id);
  return revokeTrees(roots);
}
