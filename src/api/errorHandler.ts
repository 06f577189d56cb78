import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { logger } from '../logging/logger';
import { ApiError, type ErrorEnvelope } from './apiError';
import type { AppEnv } from './appEnv';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export function errorBody(c: Context<AppEnv>, code: string, message: string, details?: unknown): ErrorEnvelope {
  return { error: { code, message, requestId: c.get('requestId'), ...(details === undefined ? {} : { details }) } };
}

const SEQUELIZE_CONNECTION_ERRORS = /^Sequelize(Connection|ConnectionRefused|HostNotFound|HostNotReachable|ConnectionTimedOut|ConnectionAcquireTimeout)Error$/;
const GRPC_UNAVAILABLE = 14;

/** PostgreSQL unreachable (sequelize connection errors) or Temporal unreachable (gRPC UNAVAILABLE). */
export function isDependencyDown(err: Error): boolean {
  if (SEQUELIZE_CONNECTION_ERRORS.test(err.name)) return true;
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return err.name === 'ServiceError' && cause?.code === GRPC_UNAVAILABLE;
}

/** PostgreSQL refuses NUL characters in text and \u0000 in jsonb (SQLSTATE 22021 / 22P05). */
export function isUnstorableText(err: Error): boolean {
  const code = (err as { parent?: { code?: unknown } }).parent?.code ?? (err as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

/** `app.onError`: every failure becomes the error envelope; unexpected ones are logged, never echoed. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) return c.json(errorBody(c, err.code, err.message, err.details), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const res = err.getResponse();
    const message = err.message || res.statusText || 'Request failed';
    const body = errorBody(c, CODE_BY_STATUS[status] ?? 'HTTP_ERROR', message);
    const out = c.json(body, status);
    for (const [k, v] of res.headers) if (k.toLowerCase() !== 'content-type' && k.toLowerCase() !== 'content-length') out.headers.set(k, v);
    return out;
  }
  if (isDependencyDown(err)) {
    logger.warn('a dependency is down', { requestId: c.get('requestId'), path: c.req.path, err: err.message });
    return c.json(errorBody(c, 'UNAVAILABLE', 'A dependency (database or Temporal) is not reachable; retry later'), 503, { 'Retry-After': '5' });
  }
  if (isUnstorableText(err)) {
    return c.json(errorBody(c, 'UNSTORABLE_TEXT', 'The request contains text the database cannot store (e.g. a NUL character)'), 422);
  }
  logger.error('unhandled API error', { requestId: c.get('requestId'), path: c.req.path, err });
  return c.json(errorBody(c, 'INTERNAL', 'Internal server error'), 500);
}

/** `app.notFound`: no route has this path (a known path with another method is a 405, see methodNotAllowed). */
export function handleNotFound(c: Context<AppEnv>): Response {
  return c.json(errorBody(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404);
}
