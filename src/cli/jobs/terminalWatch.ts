import type { FailureRow } from '../../shopPush/jobFailures';
import type { JobView } from '../../jobs/jobStatus';
import type { ApiClient } from '../api/apiClient';
import { failureLine } from './jobReport';
import { progressLines, RateMeter } from './progressText';
import { watchJob } from './watchJob';

export interface TerminalWatchResult {
  job: JobView;
  failures: FailureRow[];
  /** True when the watch was interrupted (Ctrl-C) before the job settled. */
  interrupted: boolean;
}

export interface TerminalWatchOptions {
  /** Text output (bar, failures as they come) on this stream; none when null (--json). */
  stream: NodeJS.WriteStream | null;
  maxPollMs?: number;
  /** Stop watching (not the job) on this signal; default: SIGINT while watching. */
  signal?: AbortSignal;
}

/**
 * Watches a job in a terminal: on a TTY a live block (bar, rate, ETA, per-shop counts) redrawn in place with
 * failures printed above it as they come; elsewhere a line per 10 % step or status change. Ctrl-C stops the
 * watch only (the job keeps running).
 */
export async function watchInTerminal(client: ApiClient, id: string, opts: TerminalWatchOptions): Promise<TerminalWatchResult> {
  const stream = opts.stream;
  const tty = !!stream?.isTTY;
  const meter = new RateMeter();
  const startedAt = Date.now();
  const failures: FailureRow[] = [];
  let drawn = 0;
  let lastPlain = '';
  const clear = () => {
    if (tty && drawn) stream!.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  let current: JobView | null = null;
  const draw = () => {
    if (!stream || !current) return;
    const jobStart = current.startedAt ? Date.parse(current.startedAt) : startedAt;
    // A closed job's bar shows how long it ran, not how long ago it started.
    const jobEnd = current.closedAt ? Date.parse(current.closedAt) : Date.now();
    const lines = progressLines(current, meter.perSecond(), (jobEnd - jobStart) / 1000);
    if (tty) {
      clear();
      const width = stream.columns || 100;
      stream.write(lines.map((l) => `${l.slice(0, width - 1)}\n`).join(''));
      drawn = lines.length;
    } else {
      const p = current.progress;
      const key = `${current.status}|${p?.phase ?? ''}|${p && p.total ? Math.floor((p.done / p.total) * 10) : ''}`;
      if (key !== lastPlain) stream.write(`${lines[0]}\n`);
      lastPlain = key;
    }
  };
  const local = new AbortController();
  const onSigint = () => local.abort();
  if (!opts.signal) process.once('SIGINT', onSigint);
  const ticker = tty ? setInterval(draw, 1000) : null;
  try {
    const job = await watchJob(
      client,
      id,
      {
        onJob(j) {
          current = j;
          if (j.progress) meter.add(j.progress.done);
          draw();
        },
        onFailures(items) {
          failures.push(...items);
          if (!stream) return;
          clear();
          for (const f of items) stream.write(`${failureLine(f)}\n`);
          draw();
        },
      },
      { maxPollMs: opts.maxPollMs, signal: opts.signal ?? local.signal },
    );
    return { job, failures, interrupted: (opts.signal ?? local.signal).aborted };
  } finally {
    if (ticker) clearInterval(ticker);
    process.removeListener('SIGINT', onSigint);
  }
}
