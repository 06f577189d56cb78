import type { FailureRow } from '../../shopPush/jobFailures';
import type { JobView } from '../../jobs/jobStatus';
import type { ApiClient } from '../api/apiClient';
import { isSettled } from './jobOutcome';
import { setTimeout as wait } from 'node:timers/promises';

/** What a watcher is told as the job moves. */
export interface WatchListener {
  onJob(job: JobView): void;
  onFailures(items: FailureRow[]): void;
}

export interface WatchOptions {
  /** Upper bound of the wait between polls (the API's Retry-After hint is used when shorter). */
  maxPollMs?: number;
  signal?: AbortSignal;
}

const FAILURE_PAGE = 500;
/**
 * Waits between polls, or less when `signal` aborts (Node's timers/promises removes its abort listener when the wait
 * ends: the signal lives as long as the watch, the demo's for the whole run, and a listener left per poll piled up
 * until Node printed MaxListenersExceededWarning after the eleventh poll).
 */
const sleep = (ms: number, signal?: AbortSignal) => wait(ms, undefined, { signal }).catch(() => undefined); // rejects on abort: stop waiting

export const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;

/**
 * Polls GET /jobs/{id} at the API's own pace (pollAfterSeconds) until the job settles, and fetches new
 * per-item failures (GET /jobs/{id}/failures, by id cursor) whenever the failed counter moves. Returns the
 * settled job, or the last one seen when `signal` aborts.
 */
export async function watchJob(client: ApiClient, id: string, listener: WatchListener, opts: WatchOptions = {}): Promise<JobView> {
  const maxPollMs = opts.maxPollMs ?? 2_000;
  let failuresSeen = 0;
  let after = 0;
  for (;;) {
    const job = await client.get<JobView>(jobPath(id));
    listener.onJob(job);
    const failed = job.progress?.failed ?? 0;
    while (failed > failuresSeen) {
      const page = await client.get<{ items: FailureRow[]; nextAfter: number | null }>(`${jobPath(id)}/failures?limit=${FAILURE_PAGE}&after=${after}`);
      if (page.items.length === 0) break;
      failuresSeen += page.items.length;
      after = page.items[page.items.length - 1].id;
      listener.onFailures(page.items);
      if (page.nextAfter === null) break;
    }
    if (isSettled(job) || opts.signal?.aborted) return job;
    await sleep(Math.min(maxPollMs, (job.pollAfterSeconds ?? 1) * 1000), opts.signal);
    if (opts.signal?.aborted) return job;
  }
}
