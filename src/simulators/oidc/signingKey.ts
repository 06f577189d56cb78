import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** The provider's RS256 signing key and its public JWKS (kid'd, as Google and Microsoft publish them). */
export interface SigningKey {
  kid: string;
  jwks: { keys: JWK[] };
  sign(claims: Record<string, unknown>, ttlSeconds: number): Promise<string>;
}

export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = crypto.randomBytes(8).toString('hex');
  const pub = await exportJWK(publicKey);
  return {
    kid,
    jwks: { keys: [{ ...pub, kid, alg: 'RS256', use: 'sig' }] },
    async sign(claims, ttlSeconds) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(privateKey);
    },
  };
}
