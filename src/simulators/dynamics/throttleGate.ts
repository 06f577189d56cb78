/**
 * BC online's per-user OData limits (reference §9): a sliding-window request rate (6,000 per 5 minutes), at most
 * 5 requests processed concurrently with up to 95 queued (beyond that 429), and a queue wait timeout after which
 * the request gets 503. All configurable; the simulator applies them per app identity (the token's appid: a
 * service-to-service app is BC's "user" here).
 *
 * A request holds its processing slot for at least `serviceTimeMs`. The real service needs tens to hundreds of
 * milliseconds for a call; without a service time the simulator answers in well under a millisecond, so even a
 * burst of 150 parallel requests never finds 5 others running and the concurrency and queue limits could never
 * bite. The default (30 ms) is far below BC's real latency, to keep tests quick. `enabled: false` turns all of this
 * off for tests and benchmarks that need an unthrottled service.
 */
export interface ThrottleLimits {
  enabled: boolean;
  serviceTimeMs: number;
  rateRequests: number;
  rateWindowMs: number;
  maxConcurrent: number;
  maxQueue: number;
  queueTimeoutMs: number;
  /** Sent as `Retry-After` on 429 when set (BC docs do not promise it for 429). */
  retryAfterSeconds: number | null;
}

export function defaultLimits(): ThrottleLimits {
  return { enabled: true, serviceTimeMs: 30, rateRequests: 6000, rateWindowMs: 300_000, maxConcurrent: 5, maxQueue: 95, queueTimeoutMs: 480_000, retryAfterSeconds: 10 };
}

export type Admission =
  | { ok: true; release: () => void; admittedAt: number }
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
    if (!this.limits.enabled) return { ok: true, release: () => undefined, admittedAt: Date.now() };
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
      return { ok: true, release, admittedAt: Date.now() };
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
        resolve({ ok: true, release, admittedAt: Date.now() });
      };
      const timer = setTimeout(() => {
        s.queue.splice(s.queue.indexOf(waiter), 1);
        resolve({ ok: false, status: 503, code: 'Internal_ServiceUnavailable', message: 'Service Temporarily Unavailable: the request waited too long in the queue', retryAfterSeconds: 5 });
      }, this.limits.queueTimeoutMs);
      timer.unref();
      s.queue.push(waiter);
    });
  }

  /** Waits until an admitted request has been processed for `serviceTimeMs` (nothing when throttling is off). */
  async serviceTime(admittedAt: number): Promise<void> {
    if (!this.limits.enabled) return;
    const left = this.limits.serviceTimeMs - (Date.now() - admittedAt);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
