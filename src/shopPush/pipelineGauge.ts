/**
 * What the running bulk batches of this process are doing, per shop (diagnostics, opt-in: bench/benchWorker.ts
 * prints it with BENCH_WORKER_PIPE_LOG=ms). Nothing is computed unless someone reads it: a batch registers a probe,
 * and `pipelineLine` asks every probe once.
 */
export interface BatchView {
  /** Shop lanes (write leases) the batch holds, and how many of them carry a request now. */
  lanesHeld: number;
  lanesBusy: number;
  /** Items started and not finished, and how many of those sleep (before a retry, out a late-create window). */
  items: number;
  asleep: number;
  /** Every item started (the batch's tail). */
  tail: boolean;
}

interface Watched {
  shopId: number;
  view: (() => BatchView) | null;
}

const watched = new Set<Watched>();

/** Registers a batch (in preparation until `items` gives its probe); `end` removes it. */
export function watchBatch(shopId: number): { items(view: () => BatchView): void; end(): void } {
  const w: Watched = { shopId, view: null };
  watched.add(w);
  return {
    items: (view) => void (w.view = view),
    end: () => void watched.delete(w),
  };
}

/** One line per shop: batches (preparing / in their tail), lanes held / busy, items running / asleep. */
export function pipelineLines(): string[] {
  const byShop = new Map<number, { batches: number; preparing: number; tail: number; held: number; busy: number; items: number; asleep: number }>();
  for (const w of watched) {
    const t = byShop.get(w.shopId) ?? { batches: 0, preparing: 0, tail: 0, held: 0, busy: 0, items: 0, asleep: 0 };
    byShop.set(w.shopId, t);
    t.batches++;
    if (!w.view) {
      t.preparing++;
      continue;
    }
    const v = w.view();
    if (v.tail) t.tail++;
    t.held += v.lanesHeld;
    t.busy += v.lanesBusy;
    t.items += v.items;
    t.asleep += v.asleep;
  }
  return [...byShop].map(
    ([shopId, t]) => `shop ${shopId}: batches ${t.batches} (preparing ${t.preparing}, tail ${t.tail}) lanes held ${t.held} busy ${t.busy} items ${t.items} asleep ${t.asleep}`,
  );
}
