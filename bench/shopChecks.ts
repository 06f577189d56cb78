import type { BenchShop } from './shopProcess';

/** What a shop holds for SKUs starting with `prefix`: products, distinct references, duplicates. */
export async function shopHolds(sim: BenchShop, prefix: string): Promise<{ products: number; unique: number; duplicates: number }> {
  const refs = (((await sim.state()) as { products?: Array<{ values: Record<string, string> }> }).products ?? []).map((p) => p.values.reference).filter((r) => r.startsWith(prefix));
  const unique = new Set(refs).size;
  return { products: refs.length, unique, duplicates: refs.length - unique };
}

/**
 * Webservice calls a shop answered since `sinceSeq` (all, writes), and the most it had in flight at once. The
 * simulator keeps only its last 10,000 log entries: `calls` comes from the sequence numbers (exact), `writes` and
 * `maxConcurrent` from the entries still held (`complete` says whether those cover the whole range).
 */
export async function shopCalls(sim: BenchShop, sinceSeq = 0): Promise<{ calls: number; writes: number; maxConcurrent: number; lastSeq: number; complete: boolean }> {
  const all = await sim.requests(sinceSeq);
  const log = all.filter((r) => r.path.startsWith('/api/'));
  const last = all.at(-1)?.seq ?? sinceSeq;
  const complete = all.length === 0 || all[0].seq === sinceSeq + 1;
  return { calls: last - sinceSeq, writes: log.filter((r) => r.write).length, maxConcurrent: Math.max(0, ...log.map((r) => r.concurrent)), lastSeq: last, complete };
}

export async function lastSeq(sim: BenchShop): Promise<number> {
  return (await sim.requests(0)).at(-1)?.seq ?? 0;
}

/** How busy a shop was, over the calls its log still holds (the last 10,000): span from first to last, mean answer time, mean requests in flight over that span. */
export async function shopBusy(sim: BenchShop, sinceSeq = 0): Promise<{ spanMs: number; meanAnswerMs: number; meanInFlight: number }> {
  const log = (await sim.requests(sinceSeq)).filter((r) => r.path.startsWith('/api/') && r.durationMs !== null);
  if (log.length === 0) return { spanMs: 0, meanAnswerMs: 0, meanInFlight: 0 };
  const start = Math.min(...log.map((r) => Date.parse(r.at)));
  const end = Math.max(...log.map((r) => Date.parse(r.at) + (r.durationMs ?? 0)));
  const busy = log.reduce((a, r) => a + (r.durationMs ?? 0), 0);
  return { spanMs: end - start, meanAnswerMs: Math.round((busy / log.length) * 10) / 10, meanInFlight: Math.round((busy / Math.max(1, end - start)) * 100) / 100 };
}
