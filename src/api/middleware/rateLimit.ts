import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../appEnv';
import { errorBody } from '../errorHandler';

/**
 * Fixed-window rate limits kept in this process's memory (one budget per key per window), with the IETF
 * `RateLimit-Limit/Remaining/Reset` and `RateLimit-Policy` headers on every response and 429 + `Retry-After`
 * when the budget is spent. Several limiters may run on one request; the headers show the tightest one.
 * With several API processes each enforces its own budget (documented trade-off: no shared store).
 */
export interface RateLimitOptions {
  name: string;
  limit: number;
  windowSeconds: number;
  /** The budget's key, or null to skip this limiter for the request. */
  keyOf: (c: Context<AppEnv>) => string | null;
}

interface Bucket {
  count: number;
  resetAt: number;
}

export function rateLimit(o: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const buckets = new Map<string, Bucket>();
  let nextSweep = Date.now() + o.windowSeconds * 1000;
  return async (c, next) => {
    const key = o.keyOf(c);
    if (key === null) return next();
    const now = Date.now();
    if (now >= nextSweep) {
      for (const [k, b] of buckets) if (b.resetAt <= now) buckets.delete(k);
      nextSweep = now + o.windowSeconds * 1000;
    }
    let b = buckets.get(key);
    if (!b || b.resetAt <= now) {
      b = { count: 0, resetAt: now + o.windowSeconds * 1000 };
      buckets.set(key, b);
    }
    b.count++;
    const remaining = Math.max(0, o.limit - b.count);
    const reset = Math.max(1, Math.ceil((b.resetAt - now) / 1000));
    const current = c.get('rateLimitRemaining');
    if (current === undefined || remaining <= current) {
      c.set('rateLimitRemaining', remaining);
      c.header('RateLimit-Limit', String(o.limit));
      c.header('RateLimit-Remaining', String(remaining));
      c.header('RateLimit-Reset', String(reset));
      c.header('RateLimit-Policy', `${o.limit};w=${o.windowSeconds}`);
    }
    if (b.count > o.limit) {
      c.header('Retry-After', String(reset));
      return c.json(errorBody(c, 'RATE_LIMITED', `Too many requests (${o.name}); retry in ${reset} s`), 429);
    }
    await next();
  };
}

/** The caller's IP: the socket address, or the first X-Forwarded-For hop when TRUST_PROXY is on. */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
