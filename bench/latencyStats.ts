/** The p-th percentile (nearest rank) of ascending latencies. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
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
