import crypto from 'node:crypto';
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { SecretBox } from '../crypto/secretBox';
import { RefreshToken } from '../db/models/RefreshToken';
import { User } from '../db/models/User';
import { logger } from '../logging/logger';
import { hashOpaqueToken, newOpaqueToken } from './opaqueToken';

/**
 * Refresh tokens: opaque, stored as SHA-256, one family per sign-in. Every use rotates (the old token is
 * marked used, a new one of the same family is issued). Two tabs refreshing at once: within `graceSeconds` of
 * its use, a used token whose successor is still unused gets that same successor back (sealed in the used row
 * with a key derived from the used token, so the database alone cannot reveal it). Any other use of a used or
 * revoked token is treated as theft: the whole family is revoked AND the user's session version is bumped, so
 * access tokens already handed out stop at once. Logout revokes a family; logout-everywhere all of a user's families.
 */
export type RotateResult =
  | { ok: true; userId: number; familyId: string; token: string; expiresAt: Date }
  | { ok: false; reason: 'unknown' | 'expired' | 'reused' | 'revoked' };

const PREFIX = 'ppm_rt_';

/** Seals a successor token for the holder of `usedToken` only. */
function successorBox(usedToken: string): SecretBox {
  return new SecretBox([{ id: 'rt', key: crypto.createHash('sha256').update(`ppm-refresh-successor\n${usedToken}`).digest() }]);
}

export class RefreshTokens {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly ttlDays: number,
    private readonly graceSeconds = 10,
  ) {}

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

  /** Uses `token` once: returns its successor, or why it was refused (reuse revokes the family and access tokens). */
  async rotate(token: string): Promise<RotateResult> {
    const row = await RefreshToken.findOne({ where: { tokenHash: hashOpaqueToken(token) } });
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    if (row.usedAt) return this.usedAgain(row, token);
    if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    const next = await this.sequelize.transaction(async (transaction) => {
      // Mark used only if still unused: of two concurrent uses exactly one wins; the other gets the grace check.
      const issued = newOpaqueToken(PREFIX);
      const [won] = await RefreshToken.update(
        { usedAt: new Date(), successorSealed: successorBox(token).encrypt(issued, row.familyId) },
        { where: { id: row.id, usedAt: null, revokedAt: null }, transaction },
      );
      if (won !== 1) return null;
      const expiresAt = new Date(Date.now() + this.ttlDays * 86_400_000);
      await RefreshToken.create(
        { userId: row.userId, familyId: row.familyId, tokenHash: hashOpaqueToken(issued), expiresAt, usedAt: null, revokedAt: null, revokedReason: null },
        { transaction },
      );
      return { token: issued, expiresAt, familyId: row.familyId };
    });
    if (!next) {
      const again = await RefreshToken.findByPk(row.id);
      return again ? this.usedAgain(again, token) : { ok: false, reason: 'unknown' };
    }
    return { ok: true, userId: row.userId, ...next };
  }

  /** A used token presented again: the same successor within the grace window (if still unused), else theft. */
  private async usedAgain(row: RefreshToken, token: string): Promise<RotateResult> {
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    const withinGrace = row.usedAt && Date.now() - row.usedAt.getTime() <= this.graceSeconds * 1000;
    if (withinGrace && row.successorSealed) {
      let successor: string | null = null;
      try {
        successor = successorBox(token).decrypt(row.successorSealed, row.familyId);
      } catch {
        successor = null;
      }
      const next = successor ? await RefreshToken.findOne({ where: { tokenHash: hashOpaqueToken(successor) } }) : null;
      if (successor && next && !next.usedAt && !next.revokedAt && next.expiresAt.getTime() > Date.now()) {
        return { ok: true, userId: row.userId, familyId: row.familyId, token: successor, expiresAt: next.expiresAt };
      }
    }
    await this.revokeFamily(row.familyId, 'reuse_detected');
    await User.increment('sessionVersion', { by: 1, where: { id: row.userId } });
    logger.warn('refresh token reuse detected: session family and access tokens revoked', { userId: row.userId, familyId: row.familyId });
    return { ok: false, reason: 'reused' };
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
