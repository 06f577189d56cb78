import { CatalogError } from '../catalog/catalogError';
import { ApiError } from './apiError';

const STATUS_BY_KIND = { not_found: 404, conflict: 409, invalid: 422, stale: 412, too_large: 413, unsupported_media: 415 } as const;

/** Runs a catalogue call, turning its rule violations into API errors (the field, when known, in `details`). */
export async function catalogCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CatalogError) throw new ApiError(STATUS_BY_KIND[e.kind], e.code, e.message, e.details);
    throw e;
  }
}
