import { Op } from 'sequelize';
import { ServiceToken } from '../db/models/ServiceToken';
import type { Role } from '../db/models/User';
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

export async function createServiceToken(input: { name: string; role: Role; expiresAt: Date; createdBy: number | null }): Promise<CreatedServiceToken> {
  const token = newOpaqueToken(SERVICE_TOKEN_PREFIX);
  const record = await ServiceToken.create({
    name: input.name,
    role: input.role,
    tokenHash: hashOpaqueToken(token),
    tokenHint: token.slice(0, SERVICE_TOKEN_PREFIX.length + 4),
    createdBy: input.createdBy,
    expiresAt: input.expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  });
  return { record, token };
}

/** The token's record when it is known, not revoked and not expired. */
export async function findUsableServiceToken(token: string): Promise<ServiceToken | null> {
  const row = await ServiceToken.findOne({ where: { tokenHash: hashOpaqueToken(token), revokedAt: null, expiresAt: { [Op.gt]: new Date() } } });
  if (row && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) {
    await ServiceToken.update({ lastUsedAt: new Date() }, { where: { id: row.id } });
  }
  return row;
}

export async function listServiceTokens(): Promise<ServiceToken[]> {
  return ServiceToken.findAll({ order: [['id', 'ASC']] });
}

/** Returns false when there is no such (unrevoked) token. */
export async function revokeServiceToken(id: number): Promise<boolean> {
  const [n] = await ServiceToken.update({ revokedAt: new Date() }, { where: { id, revokedAt: null } });
  return n === 1;
}
