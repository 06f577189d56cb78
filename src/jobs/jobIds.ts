import crypto from 'node:crypto';

/**
 * Job ids are workflow ids derived from business keys (DESIGN.md "Ids and idempotency"). An Idempotency-Key
 * is scoped to the caller (two users may use the same key) and hashed, so any header value gives a safe id.
 */
function keyPart(principal: string, idempotencyKey: string): string {
  return crypto.createHash('sha256').update(`${principal}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}

/** `product-sync:<productId>` (attach to the running sync), or `product-sync:<productId>:<key hash>`. */
export function productSyncJobId(productId: number, principal: string, idempotencyKey?: string): string {
  return idempotencyKey ? `product-sync:${productId}:${keyPart(principal, idempotencyKey)}` : `product-sync:${productId}`;
}

/** `bulk:<key hash>` for a keyed request, else `bulk:<random uuid>`. */
export function bulkJobId(principal: string, idempotencyKey?: string): string {
  return `bulk:${idempotencyKey ? keyPart(principal, idempotencyKey) : crypto.randomUUID()}`;
}

/** Fingerprint of a request body: a reused key with a different body is a conflict, not the same job. */
export function requestFingerprint(body: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);
}
