import { getEventListeners } from 'node:events';
import type { ApiClient } from '../../src/cli/api/apiClient';
import { watchJob } from '../../src/cli/jobs/watchJob';
import type { JobView } from '../../src/jobs/jobStatus';

/** A job that is running for `polls` answers, then completed; counts the GETs it served. */
function fakeApi(polls: number): { client: ApiClient; gets: () => number } {
  let n = 0;
  const view = (state: 'running' | 'completed') => ({ id: 'bulk-1', state, status: state, progress: null, pollAfterSeconds: state === 'running' ? 0.001 : null }) as unknown as JobView;
  const client = { get: async () => (++n > polls ? view('completed') : view('running')) } as unknown as ApiClient;
  return { client, gets: () => n };
}

describe('watchJob', () => {
  it('leaves no abort listener behind on a long-lived signal, however many polls it makes (the demo printed MaxListenersExceededWarning)', async () => {
    const signal = new AbortController().signal;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const api = fakeApi(30);
      const job = await watchJob(api.client, 'bulk-1', { onJob: () => undefined, onFailures: () => undefined }, { maxPollMs: 1, signal });
      expect(job.state).toBe('completed');
      expect(api.gets()).toBe(31);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('stops waiting at once when its signal aborts', async () => {
    const ctl = new AbortController();
    const api = fakeApi(Number.POSITIVE_INFINITY);
    const started = Date.now();
    setTimeout(() => ctl.abort(), 50);
    const job = await watchJob(api.client, 'bulk-1', { onJob: () => undefined, onFailures: () => undefined }, { maxPollMs: 60_000, signal: ctl.signal });
    expect(job.state).toBe('running');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
