import { isConnectorError } from '../errors/ConnectorError';
import { abortableSleep } from './abortableSleep';


/**
 * How one item retries what can be retried (timeouts, network errors, 5xx outages, 429/503 with Retry-After), in
 * place: the other items of the batch keep moving while this one waits, and the wait holds no lane. Full-jitter
 * exponential backoff from `baseMs` up to `capMs`, or the shop's Retry-After when it sent one (plus a little jitter
 * so throttled items do not return together). The item gives up after `attempts` tries or `deadlineMs` of trying.
 */
export interface ItemRetryPolicy {
  attempts: number;
  baseMs: number;
  capMs: number;
  deadlineMs: number;
}

/** ~2.5 minutes of trying: a shop that fails 18 % of calls practically never exhausts it (0.18^10). */
export const ITEM_RETRY: ItemRetryPolicy = { attempts: 10, baseMs: 100, capMs: 15_000, deadlineMs: 150_000 };

/** One idempotent call (read, PATCH, DELETE) retried in place: an 18 % fault rate practically never exhausts it. */
export const CALL_RETRY: ItemRetryPolicy = { attempts: 8, baseMs: 50, capMs: 10_000, deadlineMs: 90_000 };


export class ItemRetriesExhausted extends Error {
  constructor(
    readonly last: unknown,
    readonly tries: number,
  ) {
    super(`gave up after ${tries} tries: ${(last as Error)?.message ?? String(last)}`);
    this.name = 'ItemRetriesExhausted';
  }
}

export function retryDelayMs(e: unknown, tryNo: number, p: ItemRetryPolicy): number {
  const ra = isConnectorError(e) ? e.retryAfterMs : undefined;
  if (ra !== undefined) return ra + Math.floor(Math.random() * Math.min(250, ra / 4 + 1));
  return Math.floor(Math.random() * Math.min(p.capMs, p.baseMs * 2 ** (tryNo - 1)));
}

/**
 * Runs `step` until it succeeds, fails permanently (rethrown as is), or the budget runs out (ItemRetriesExhausted).
 * `step` gets the try number (1-based): a retry must not trust anything learned before the failed call (a POST
 * that timed out may have been applied, so the item locates the product again).
 */
export async function withItemRetries<T>(
  step: (tryNo: number) => Promise<T>,
  opts: { policy?: ItemRetryPolicy; signal?: AbortSignal; onRetry?: (e: unknown, tryNo: number) => void; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const p = opts.policy ?? ITEM_RETRY;
  const started = Date.now();
  for (let tryNo = 1; ; tryNo++) {
    try {
      return await step(tryNo);
    } catch (e) {
      if (e instanceof ItemRetriesExhausted) throw e; // an inner (per-call) budget ran out: the item's is spent too
      if (!isConnectorError(e) || !e.retryable) throw e;
      const delay = retryDelayMs(e, tryNo, p);
      if (tryNo >= p.attempts || Date.now() - started + delay > p.deadlineMs || opts.signal?.aborted) throw new ItemRetriesExhausted(e, tryNo);
      opts.onRetry?.(e, tryNo);
      await (opts.sleep ? opts.sleep(delay) : abortableSleep(delay, opts.signal));
    }
  }
}

/**
 * A sleep for many concurrent waiters that ends early when `signal` aborts, with ONE listener on the signal (one
 * listener per sleeping item would pile up on the activity's long-lived signal: MaxListenersExceededWarning).
 */
export function abortableSleeper(signal: AbortSignal): (ms: number) => Promise<void> {
  const aborted = new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  return (ms) => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), aborted]).finally(() => clearTimeout(timer));
  };
}
