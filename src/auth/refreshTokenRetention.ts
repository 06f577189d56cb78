import type { Sequelize } from 'sequelize';
import { deleteInBatches } from '../db/deleteInBatches';

/** Deletes refresh tokens that expired (or were revoked) more than a day ago; returns how many. */
export function purgeStaleRefreshTokens(sequelize: Sequelize): Promise<number> {
  return deleteInBatches(sequelize, 'refresh_tokens', `(expires_at < now() - interval '1 day') OR (revoked_at < now() - interval '1 day')`, []);
}
