/**
 * At most N requests in flight per app identity and environment (BC online processes 5 per user and queues or
 * rejects the rest, reference §9). Shared by every DynamicsSource that talks to the same environment as the
 * same app, in this process.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(public limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

const limiters = new Map<string, ConcurrencyLimiter>();

/** The limiter for one (API host, tenant, environment, client id); the smallest configured limit wins. */
export function limiterFor(key: string, limit: number): ConcurrencyLimiter {
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new ConcurrencyLimiter(limit);
    limiters.set(key, limiter);
  } else if (limit < limiter.limit) {
    limiter.limit = limit;
  }
  return limiter;
}
