import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/**
 * For operations whose body is required: no body at all is a 400 (BODY_REQUIRED), a body that is not
 * `application/json` a 415. (The JSON validator alone would let a request without Content-Type through as `{}`.)
 */
export function requireJsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const contentType = c.req.header('content-type');
    if (contentType === undefined || contentType.trim() === '') {
      const length = c.req.header('content-length');
      const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
      if (hasBody) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (Content-Type: application/json)');
      throw new ApiError(400, 'BODY_REQUIRED', 'This operation needs a JSON request body (Content-Type: application/json)');
    }
    if (!JSON_MEDIA_TYPE.test(contentType)) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `The request body must be JSON, not ${contentType.split(';')[0]}`);
    await next();
  };
}
