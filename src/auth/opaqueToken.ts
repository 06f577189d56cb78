import crypto from 'node:crypto';

/** Opaque bearer secrets (refresh and service tokens): 32 random bytes, stored only as their SHA-256. */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashOpaqueToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}
