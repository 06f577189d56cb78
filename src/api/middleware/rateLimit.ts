import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress, rateLimitKeyOfAddress } from '../../net/clientAddress';
import type { AppEnv } from '../appEnv';
import { errorBody } from '../errorHandler';
import { socketPeer } from './loopbackCaller';

/**
 * Fixed-window rate limits kept in this process's memory (one budget per key per window), with the IETF
 * `RateLimit-Limit/Remaining/Reset` and `RateLimit-Policy` headers on every response and 429 + `Retry-After`
 * when the budget is spent. Several limiters may run on one request; the headers show the tightest one.
 * PER PROCESS: with several API processes each enforces its own budget (a client may get up to N× the budget
 * with N replicas; README "Security" says so). Memory is bounded: at most `maxKeys` budgets are tracked; when
 * full, expired ones are dropped first, then the oldest.
 */
export interface RateLimitOptions {
  name: string;
  limit: number;
  windowSeconds: number;
  /** The budget's key, or null to skip this limiter for the request. */
  keyOf: (c: Context<AppEnv>) => string | null;
  /** Most budgets tracked at once (bounded memory). */
  maxKeys?: number;
}

export type RateLimiter = MiddlewareHandler<AppEnv> & { trackedKeys(): number };

interface Bucket {
  count: number;
  resetAt: number;
}

export function rateLimit(o: RateLimitOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const maxKeys = o.maxKeys ?? 100_000;
  let nextSweep = Date.now() + o.windowSeconds * 1000;
  const sweep = (now: number) => {
    for (const [k, b] of buckets) if (b.resetAt <= now) buckets.delete(k);
  };
  const mw = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const key = o.keyOf(c);
    if (key === null) return next();
    const now = Date.now();
    if (now >= nextSweep) {
      sweep(now);
      nextSweep = now + o.windowSeconds * 1000;
    }
    let b = buckets.get(key);
    if (!b || b.resetAt <= now) {
      buckets.delete(key);
      if (buckets.size >= maxKeys) sweep(now);
      // Still full: drop the oldest budgets (Map order = insertion order).
      for (const k of buckets.keys()) {
        if (buckets.size < maxKeys) break;
        buckets.delete(k);
      }
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
  return Object.assign(mw, { trackedKeys: () => buckets.size });
}

/**
 * The per-address budget key of the caller: the client address seen through TRUST_PROXY_HOPS trusted proxies
 * (X-Forwarded-For read from the right), IPv6 by /64.
 */
export function clientIpKey(c: Context<AppEnv>, trustedHops: number): string {
  return rateLimitKeyOfAddress(clientAddress(socketPeer(c), c.req.header('x-forwarded-for'), trustedHops));
}
