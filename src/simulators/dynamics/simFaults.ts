/**
 * Fault injection for the simulated BC API routes (not the token endpoint, not `/__sim`). Deterministic
 * one-shot faults (`failNext`, `dropNext`, `hangNext`) for tests, and shares (0..1) for soak/demo runs.
 */
export interface FailNextFault {
  status: number;
  count: number;
  /** Sent as `Retry-After` (seconds) when set. */
  retryAfterSeconds?: number;
  /** What the body looks like: BC JSON error, a gateway HTML page, or nothing (reference §8). */
  body?: 'json' | 'html' | 'empty';
}

export interface SimFaults {
  /** Added to every API response. */
  latencyMs: number;
  share503: number;
  share504: number;
  /** Share of requests that never get an answer (until the simulator stops). */
  hangShare: number;
  /** Retry-After seconds sent with injected 503s. */
  retryAfterSeconds: number;
  failNext: FailNextFault[];
  /** Destroy the socket of the next N API requests without answering. */
  dropNext: number;
  /** Never answer the next N API requests. */
  hangNext: number;
  /** Answer every API request with 403 (the app lost its permission set). */
  forbidden: boolean;
}

export function defaultFaults(): SimFaults {
  return { latencyMs: 0, share503: 0, share504: 0, hangShare: 0, retryAfterSeconds: 5, failNext: [], dropNext: 0, hangNext: 0, forbidden: false };
}

export type FaultAction =
  | { kind: 'none' }
  | { kind: 'fail'; status: number; retryAfterSeconds?: number; body: 'json' | 'html' | 'empty' }
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'forbidden' };

/** Decides, consuming one-shot faults, what happens to the next API request. */
export function nextFaultAction(faults: SimFaults, random: () => number): FaultAction {
  if (faults.dropNext > 0) {
    faults.dropNext--;
    return { kind: 'drop' };
  }
  if (faults.hangNext > 0) {
    faults.hangNext--;
    return { kind: 'hang' };
  }
  const head = faults.failNext[0];
  if (head) {
    head.count--;
    if (head.count <= 0) faults.failNext.shift();
    return { kind: 'fail', status: head.status, retryAfterSeconds: head.retryAfterSeconds, body: head.body ?? 'json' };
  }
  if (faults.forbidden) return { kind: 'forbidden' };
  const r = random();
  if (r < faults.hangShare) return { kind: 'hang' };
  if (r < faults.hangShare + faults.share503) return { kind: 'fail', status: 503, retryAfterSeconds: faults.retryAfterSeconds, body: 'html' };
  if (r < faults.hangShare + faults.share503 + faults.share504) return { kind: 'fail', status: 504, body: 'html' };
  return { kind: 'none' };
}
