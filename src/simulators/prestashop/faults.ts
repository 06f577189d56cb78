/**
 * Fault injection for tests, demos and benchmarks. Counters (`...Next`) are deterministic; rates are random
 * shares in 0..1. Applies to `/api/` requests only, never to the inspection API.
 */
export interface FaultSettings {
  /** Extra latency per request, uniform in [min, max] ms. */
  latencyMs?: { min: number; max: number };
  /** Share of requests answered 500 (a broken shop: PHP error document). */
  errorRate500?: number;
  /** Share of requests answered 503 (an overloaded host: HTML page). */
  errorRate503?: number;
  /** The next N requests answer 500 / 503. */
  fail500Next?: number;
  fail503Next?: number;
  /** Share of requests that never get an answer (until the client gives up or the simulator stops). */
  hangRate?: number;
  /** The next N requests never get an answer (nothing is processed). */
  hangNext?: number;
  /** The next N write requests ARE processed, then the answer never comes (timeout after success). */
  hangAfterWriteNext?: number;
  /**
   * The next N write requests are processed only `applyLateMs` after they arrived (a PHP worker stuck behind a slow
   * query or a lock: the client has usually given up by then, the shop still saves the resource), then answered if
   * the client still listens. Without `applyLateMs`, 3 000 ms.
   */
  applyLateNext?: number;
  applyLateMs?: number;
  /** The next N requests answer 429 with Retry-After (a burst from a WAF / hosting limit). */
  throttleNext?: number;
  /** Share of requests answered 429. */
  throttleRate?: number;
  throttleRetryAfterSeconds?: number;
  /** After N accepted writes, every further write is refused with `rejectWritesStatus` (default 500 / code 46). */
  rejectWritesAfter?: number | null;
  rejectWritesStatus?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'hang' }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'status'; status: 500 | 503 }
  | { kind: 'rejectWrite'; status: number };

export class FaultInjector {
  settings: FaultSettings = {};
  acceptedWrites = 0;

  set(patch: FaultSettings): void {
    this.settings = { ...this.settings, ...patch };
  }

  clear(): void {
    this.settings = {};
    this.acceptedWrites = 0;
  }

  latency(): number {
    const l = this.settings.latencyMs;
    if (!l) return 0;
    return l.min + Math.random() * Math.max(0, l.max - l.min);
  }

  private take(key: 'fail500Next' | 'fail503Next' | 'hangNext' | 'throttleNext' | 'hangAfterWriteNext' | 'applyLateNext'): boolean {
    const n = this.settings[key] ?? 0;
    if (n <= 0) return false;
    this.settings[key] = n - 1;
    return true;
  }

  private roll(rate: number | undefined): boolean {
    return (rate ?? 0) > 0 && Math.random() < (rate ?? 0);
  }

  /** What happens to a request before the shop processes it. */
  before(write: boolean): FaultDecision {
    const s = this.settings;
    if (this.take('hangNext') || this.roll(s.hangRate)) return { kind: 'hang' };
    if (this.take('throttleNext') || this.roll(s.throttleRate)) return { kind: 'throttle', retryAfterSeconds: s.throttleRetryAfterSeconds ?? 1 };
    if (this.take('fail503Next') || this.roll(s.errorRate503)) return { kind: 'status', status: 503 };
    if (this.take('fail500Next') || this.roll(s.errorRate500)) return { kind: 'status', status: 500 };
    if (write && s.rejectWritesAfter !== undefined && s.rejectWritesAfter !== null && this.acceptedWrites >= s.rejectWritesAfter) {
      return { kind: 'rejectWrite', status: s.rejectWritesStatus ?? 500 };
    }
    return { kind: 'none' };
  }

  /** How long a write waits before the shop processes it (0: at once; see `applyLateNext`). */
  applyDelay(write: boolean): number {
    if (!write || !this.take('applyLateNext')) return 0;
    return this.settings.applyLateMs ?? 3_000;
  }

  /** After a processed write: count it, and say whether its answer must be swallowed. */
  afterWrite(status: number): 'answer' | 'hang' {
    if (status < 400) this.acceptedWrites++;
    return this.take('hangAfterWriteNext') ? 'hang' : 'answer';
  }
}
