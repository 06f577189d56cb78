import fs from 'node:fs';

/**
 * Open-loop load: requests arrive at `ratePerSecond` on average with exponential gaps (Poisson arrivals), whether or
 * not earlier ones have answered, for `warmupSeconds` + `seconds`. Each latency is measured from the request's
 * scheduled arrival (so a stalled server is not hidden by clients that wait: no coordinated omission). Requests
 * arriving in the warm-up are not counted. Answers get as long again as the window to arrive; then whatever is still
 * pending is aborted on the client (the server may still finish it: an overloaded run leaves a backlog behind) and
 * counted as `unanswered`, apart from `errors` (answered, but not a success). Returns the counted latencies in ms (ascending) and the rate of successful answers.
 */
export async function measureOpenLoop(
  load: { ratePerSecond: number; seconds: number; warmupSeconds: number },
  request: (signal: AbortSignal) => Promise<boolean>,
): Promise<{ latencies: number[]; errors: number; unanswered: number; achievedPerSecond: number }> {
  // One controller per request (fetch leaves its listener on the signal it was given until the request is collected:
  // one shared signal gathered thousands and Node printed MaxListenersExceededWarning).
  const pending = new Set<AbortController>();
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + load.warmupSeconds * 1000;
  const end = measureFrom + load.seconds * 1000;
  const inFlight: Promise<void>[] = [];
  let counted = 0;
  let next = start;
  while (next < end) {
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const scheduled = next;
    const measured = scheduled >= measureFrom;
    if (measured) counted++;
    const control = new AbortController();
    pending.add(control);
    inFlight.push(
      request(control.signal).then(
        (ok) => {
          if (!measured) return;
          if (ok) latencies.push(performance.now() - scheduled);
          else errors++;
        },
        () => {
          if (measured) errors++;
        },
      ).finally(() => pending.delete(control)),
    );
    next += (-Math.log(1 - Math.random()) / load.ratePerSecond) * 1000;
  }
  // Answers still due get as long again as the window to arrive; what is left then is aborted.
  await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, load.seconds * 1000))]);
  const answered = [...latencies].sort((a, b) => a - b);
  const failed = errors;
  const unanswered = counted - answered.length - failed;
  for (const control of pending) control.abort();
  await Promise.all(inFlight);
  return { latencies: answered, errors: failed, unanswered, achievedPerSecond: answered.length / load.seconds };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null where it cannot be read. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) "; in clock ticks (100 per second).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
