import crypto from 'node:crypto';
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { RefreshToken } from '../db/models/RefreshToken';
import { logger } from '../logging/logger';
import { hashOpaqueToken, newOpaqueToken } from './opaqueToken';

/**
 * Refresh tokens: opaque, stored as SHA-256, one family per sign-in. Every use rotates (the old token is
 * marked used, a new one of the same family is issued). Presenting a used or revoked token is treated as
 * theft: the whole family is revoked. Logout revokes a family; logout-everywhere all of a user's families.
 */
export type RotateResult =
  | { ok: true; userId: number; familyId: string; token: string; expiresAt: Date }
  | { ok: false; reason: 'unknown' | 'expired' | 'reused' | 'revoked' };

const PREFIX = 'ppm_rt_';

export class RefreshTokens {
  constructor(private readonly sequelize: Sequelize, private readonly ttlDays: number) {}

  /** A new family for a fresh sign-in. */
  async startFamily(userId: number): Promise<{ token: string; expiresAt: Date; familyId: string }> {
    return this.issue(userId, crypto.randomUUID());
  }

  private async issue(userId: number, familyId: string, transaction?: Transaction) {
    const token = newOpaqueToken(PREFIX);
    const expiresAt = new Date(Date.now() + this.ttlDays * 86_400_000);
    await RefreshToken.create({ userId, familyId, tokenHash: hashOpaqueToken(token), expiresAt, usedAt: null, revokedAt: null, revokedReason: null }, { transaction });
    return { token, expiresAt, familyId };
  }

  /** Uses `token` once: returns its successor, or why it was refused (reuse revokes the family). */
  async rotate(token: string): Promise<RotateResult> {
    const row = await RefreshToken.findOne({ where: { tokenHash: hashOpaqueToken(token) } });
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    if (row.usedAt) {
      await this.revokeFamily(row.familyId, 'reuse_detected');
      logger.warn('refresh token reuse detected: session family revoked', { userId: row.userId, familyId: row.familyId });
      return { ok: false, reason: 'reused' };
    }
    if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    const next = await this.sequelize.transaction(async (transaction) => {
      // Mark used only if still unused: of two concurrent uses exactly one wins; the other is a reuse.
      const [won] = await RefreshToken.update({ usedAt: new Date() }, { where: { id: row.id, usedAt: null, revokedAt: null }, transaction });
      if (won !== 1) return null;
      return this.issue(row.userId, row.familyId, transaction);
    });
    if (!next) {
      await this.revokeFamily(row.familyId, 'reuse_detected');
      return { ok: false, reason: 'reused' };
    }
    return { ok: true, userId: row.userId, ...next };
  }

  /** Logout: revokes the family `token` belongs to. Returns the user id, or null for an unknown token. */
  async revokeFamilyOf(token: string): Promise<number | null> {
    const row = await RefreshToken.findOne({ where: { tokenHash: hashOpaqueToken(token) } });
    if (!row) return null;
    await this.revokeFamily(row.familyId, 'logout');
    return row.userId;
  }

  async revokeFamily(familyId: string, reason: string): Promise<void> {
    await RefreshToken.update({ revokedAt: new Date(), revokedReason: reason }, { where: { familyId, revokedAt: null } });
  }

  /** Logout everywhere / deactivation. */
  async revokeAllForUser(userId: number, reason: string): Promise<void> {
    await RefreshToken.update({ revokedAt: new Date(), revokedReason: reason }, { where: { userId, revokedAt: null } });
  }

  /** Drops rows that expired more than a day ago (housekeeping). */
  async purgeExpired(): Promise<number> {
    return RefreshToken.destroy({ where: { expiresAt: { [Op.lt]: new Date(Date.now() - 86_400_000) } } });
  }
}
