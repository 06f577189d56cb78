import type { MiddlewareHandler } from 'hono';
import { isLoopbackAddress, isLoopbackHostHeader } from '../../net/loopback';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { socketPeer } from './loopbackCaller';

/**
 * GET /metrics on the API port: `open` serves anyone, `loopback` only callers on this machine (TCP peer and Host
 * header both loopback, so a reverse proxy on the same host does not expose it). Scrapers from elsewhere use
 * the separate METRICS_PORT listener.
 */
export function metricsAccess(mode: 'loopback' | 'open'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (mode === 'loopback' && (!isLoopbackAddress(socketPeer(c)) || !isLoopbackHostHeader(c.req.header('host')))) {
      throw new ApiError(403, 'LOOPBACK_ONLY', '/metrics on the API port answers only this machine; scrape METRICS_PORT, or set METRICS_ON_API_PORT=open');
    }
    await next();
  };
}
