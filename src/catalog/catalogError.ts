/** A catalogue rule the request broke; the API maps `kind` to 404 / 409 / 412 / 422 / 413 / 415. */
export class CatalogError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid' | 'stale' | 'too_large' | 'unsupported_media',
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}
