import { getEventListeners } from 'node:events';
import type { ApiClient } from '../../src/cli/api/apiClient';
import { watchInTerminal } from '../../src/cli/jobs/terminalWatch';
import { watchJob } from '../../src/cli/jobs/watchJob';
import type { JobView } from '../../src/jobs/jobStatus';

/** A job that is running for `polls` answers, then completed; counts the GETs it served. */
function fakeApi(polls: number, pollAfterSeconds = 0.001): { client: ApiClient; gets: () => number } {
  let n = 0;
  const view = (state: 'running' | 'completed') => ({ id: 'bulk-1', state, status: state, progress: null, pollAfterSeconds: state === 'running' ? pollAfterSeconds : null }) as unknown as JobView;
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
    const api = fakeApi(Number.POSITIVE_INFINITY, 60); // the API asks for a minute's pause: only the abort ends it
    const started = Date.now();
    setTimeout(() => ctl.abort(), 50);
    const job = await watchJob(api.client, 'bulk-1', { onJob: () => undefined, onFailures: () => undefined }, { maxPollMs: 60_000, signal: ctl.signal });
    expect(job.state).toBe('running');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('watchInTerminal', () => {
  it("a closed job's line shows how long it ran, not how long ago it started", async () => {
    const now = Date.now();
    const job = {
      id: 'bulk:1',
      state: 'completed',
      status: 'completed',
      startedAt: new Date(now - 256_000).toISOString(),
      closedAt: new Date(now - 135_000).toISOString(),
      progress: { operation: 'create', phase: 'completed', total: 4, done: 4, created: 4, updated: 0, deleted: 0, skippedUnchanged: 0, skippedOther: 0, failed: 0, perShop: {} },
      pollAfterSeconds: null,
    } as unknown as JobView;
    const client = { get: async () => job } as unknown as ApiClient;
    let out = '';
    const stream = { isTTY: false, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    const watched = await watchInTerminal(client, 'bulk:1', { stream, signal: new AbortController().signal });
    expect(watched.job.status).toBe('completed');
    expect(out).toContain('completed  2m01s');
    expect(out).not.toContain('4m16s');
  });
});
