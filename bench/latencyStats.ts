/** The p-th percentile (nearest rank) of ascending latencies. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** p50 / p95 / p99 of ascending latencies, in ms with one decimal; null when there are none. */
export function latencyPercentiles(sorted: number[]): { p50Ms: number | null; p95Ms: number | null; p99Ms: number | null } {
  const at = (p: number) => (sorted.length ? +percentile(sorted, p).toFixed(1) : null);
  return { p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
}

/** What a closed-loop latency run reports: successful requests, failures, requests per second and p50 / p95 / p99. */
export function latencySummary(run: { latencies: number[]; errors: number }, seconds: number) {
  return { requests: run.latencies.length, errors: run.errors, perSecond: Math.round(run.latencies.length / seconds), ...latencyPercentiles(run.latencies) };
}

/**
 * `clients` concurrent loops calling `request` (which answers whether the response was a success) for
 * `warmupSeconds` + `seconds`; requests started in the warm-up are not counted. Returns the successful requests'
 * latencies in ms, ascending, and the number of failed ones.
 */
export async function measureLatencies(
  load: { clients: number; seconds: number; warmupSeconds: number },
  request: () => Promise<boolean>,
): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const measureFrom = performance.now() + load.warmupSeconds * 1000;
  const end = measureFrom + load.seconds * 1000;
  await Promise.all(
    Array.from({ length: load.clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const ok = await request();
        const t1 = performance.now();
        if (t0 < measureFrom) continue;
        if (!ok) errors++;
        else latencies.push(t1 - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, errors };
}
