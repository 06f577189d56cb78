import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { isLoopbackAddress, isLoopbackHostHeader } from '../../net/loopback';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';

/** The TCP peer's address (never a forwarded header), or null when the server cannot tell. */
export function socketPeer(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/**
 * Only callers on this machine: the TCP peer is loopback (X-Forwarded-For is ignored) AND the Host header names a
 * loopback host. A reverse proxy on the same host has a loopback peer but forwards the public Host; a DNS
 * rebinding page has a loopback peer but sends its own host name. Both are refused.
 */
export function loopbackCallerOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isLoopbackAddress(socketPeer(c)) || !isLoopbackHostHeader(c.req.header('host'))) {
      throw new ApiError(403, 'LOOPBACK_ONLY', 'The development sign-in answers only requests from this machine to a loopback host name');
    }
    await next();
  };
}
