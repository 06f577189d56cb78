import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../appEnv';
import { errorBody } from '../errorHandler';

/** Standard security response headers (HSTS, nosniff, frame-deny, referrer policy, ...). */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders();
}

/** CORS for the frontend's origin only, with credentials (cookies); no CORS at all without FRONTEND_URL. */
export function frontendCors(frontendUrl: string | undefined): MiddlewareHandler<AppEnv> {
  if (!frontendUrl) return async (_c, next) => next();
  return cors({
    origin: new URL(frontendUrl).origin,
    credentials: true,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key', 'If-Match'],
    exposeHeaders: ['X-Request-Id', 'ETag', 'Location', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'],
    maxAge: 600,
  });
}

/** Request bodies above `maxBytes` are refused with 413 and the error envelope. */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json(errorBody(c, 'PAYLOAD_TOO_LARGE', `Request body larger than ${maxBytes} bytes`), 413),
  });
}
