import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from './role';

/**
 * Access tokens: short-lived JWTs signed HS256 with JWT_SECRET (≥ 32 bytes). Verification pins the algorithm
 * (so `alg: none` and algorithm switching fail), the `typ` header, issuer, audience and expiry.
 * Claims: sub = user id, sv = the user's session version (bumped by logout-everywhere/deactivation).
 */
export const ACCESS_TOKEN_ISSUER = 'ppm-sync';
export const ACCESS_TOKEN_AUDIENCE = 'ppm-sync-api';
const ALGORITHM = 'HS256';
const TYP = 'at+jwt';

export interface AccessClaims {
  userId: number;
  sessionVersion: number;
  role: Role;
}

export class AccessTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Access token expired' : 'Invalid access token');
    this.name = 'AccessTokenError';
  }
}

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string, readonly ttlSeconds: number) {
    if (Buffer.byteLength(secret, 'utf8') < 32) throw new Error('JWT_SECRET must be at least 32 bytes');
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: { id: number; role: Role; sessionVersion: number }): Promise<string> {
    return new SignJWT({ sv: user.sessionVersion, role: user.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: TYP })
      .setSubject(String(user.id))
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        typ: TYP,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId) || typeof payload.sv !== 'number') throw new AccessTokenError('invalid');
      return { userId, sessionVersion: payload.sv, role: payload.role as Role };
    } catch (e) {
      if (e instanceof AccessTokenError) throw e;
      if (e instanceof errors.JWTExpired) throw new AccessTokenError('expired');
      throw new AccessTokenError('invalid');
    }
  }
}
