/**
 * A product's entity tag: `"p<id>v<version>"` (strong; `products.version` rises with every change of the row).
 * Sent as `ETag` on reads and writes; writes compare `If-Match` with it (RFC 9110 §13.1.1: `*` or a list of
 * strong tags; weak tags never match).
 */
export const productETag = (p: { id: number; version: number }): string => `"p${p.id}v${p.version}"`;

/** Whether an If-Match header value holds for the product as it is now. */
export function ifMatchHolds(header: string, current: { id: number; version: number }): boolean {
  const value = header.trim();
  if (value === '*') return true;
  const etag = productETag(current);
  return value.split(',').some((t) => t.trim() === etag);
}
