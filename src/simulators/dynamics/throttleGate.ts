/**
 * BC online's per-user OData limits (reference §9): a sliding-window request rate (6,000 per 5 minutes), at most
 * 5 requests processed concurrently with up to 95 queued (beyond that 429), and a queue wait timeout after which
 * the request gets 503. All configurable; the simulator applies them per app identity.
 */
export interface ThrottleLimits {
  rateRequests: number;
  rateWindowMs: number;
  maxConcurrent: number;
  maxQueue: number;
  queueTimeoutMs: number;
  /** Sent as `Retry-After` on 429 when set (BC docs do not promise it for 429). */
  retryAfterSeconds: number | null;
}

export function defaultLimits(): ThrottleLimits {
  return { rateRequests: 6000, rateWindowMs: 300_000, maxConcurrent: 5, maxQueue: 95, queueTimeoutMs: 480_000, retryAfterSeconds: 10 };
}

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; status: 429 | 503; code: string; message: string; retryAfterSeconds: number | null };

interface IdentityState {
  hits: number[];
  running: number;
  queue: Array<() => void>;
}

export class ThrottleGate {
  private readonly identities = new Map<string, IdentityState>();

  constructor(public limits: ThrottleLimits) {}

  private state(identity: string): IdentityState {
    let s = this.identities.get(identity);
    if (!s) {
      s = { hits: [], running: 0, queue: [] };
      this.identities.set(identity, s);
    }
    return s;
  }

  reset(): void {
    this.identities.clear();
  }

  async admit(identity: string): Promise<Admission> {
    const s = this.state(identity);
    const now = Date.now();
    while (s.hits.length && s.hits[0] <= now - this.limits.rateWindowMs) s.hits.shift();
    if (s.hits.length >= this.limits.rateRequests) {
      return {
        ok: false,
        status: 429,
        code: 'Application_TooManyRequests',
        message: `Too many requests reached. Actual (${s.hits.length + 1}). Maximum (${this.limits.rateRequests})`,
        retryAfterSeconds: this.limits.retryAfterSeconds,
      };
    }
    s.hits.push(now);
    const release = () => {
      s.running--;
      const nextWaiter = s.queue.shift();
      if (nextWaiter) nextWaiter();
    };
    if (s.running < this.limits.maxConcurrent) {
      s.running++;
      return { ok: true, release };
    }
    if (s.queue.length >= this.limits.maxQueue) {
      return {
        ok: false,
        status: 429,
        code: 'Application_TooManyRequests',
        message: `Too many concurrent requests. Processing (${s.running}) and queued (${s.queue.length}). Maximum (${this.limits.maxConcurrent + this.limits.maxQueue})`,
        retryAfterSeconds: this.limits.retryAfterSeconds,
      };
    }
    return new Promise<Admission>((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        s.running++;
        resolve({ ok: true, release });
      };
      const timer = setTimeout(() => {
        s.queue.splice(s.queue.indexOf(waiter), 1);
        resolve({ ok: false, status: 503, code: 'Internal_ServiceUnavailable', message: 'Service Temporarily Unavailable: the request waited too long in the queue', retryAfterSeconds: 5 });
      }, this.limits.queueTimeoutMs);
      timer.unref();
      s.queue.push(waiter);
    });
  }
}
