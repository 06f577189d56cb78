import type { MiddlewareHandler } from 'hono';
import { logger } from '../../logging/logger';
import type { AppEnv } from '../appEnv';

/** One log line per request with its id, status and duration (no headers, no bodies: nothing secret). */
export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  const ms = Math.round(performance.now() - started);
  const principal = c.get('principal');
  logger.http(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms`, {
    requestId: c.get('requestId'),
    status: c.res.status,
    durationMs: ms,
    ...(principal ? { principal: `${principal.kind}:${principal.id}` } : {}),
  });
};
