/**
 * Reads ERP pages one after another while the previous page is being written: page k+1 is fetched from the ERP
 * while page k goes into the catalogue, so a pull takes about max(read, write) per page instead of read + write.
 * At most two pages are in memory at once. Stops after `maxPages`, when `budgetMs` has passed (checked between
 * pages), at the last page, or when the ERP hands back the cursor it was given (a connector bug that would loop).
 */
export interface PipelinedPage<P> {
  page: P;
  /** The cursor the page was read with. */
  cursor: string | null;
  nextCursor: string | null;
}

export interface PagePipelineOutcome {
  pages: number;
  /** Where the next read starts (null: the source is exhausted). */
  nextCursor: string | null;
  /** The ERP returned the cursor it was given: the caller must stop paging. */
  stalled: boolean;
}

export async function runPagePipeline<P>(opts: {
  startCursor: string | null;
  maxPages: number;
  budgetMs: number;
  fetch: (cursor: string | null) => Promise<P>;
  nextCursorOf: (page: P) => string | null;
  write: (p: PipelinedPage<P>) => Promise<void>;
}): Promise<PagePipelineOutcome> {
  const deadline = Date.now() + opts.budgetMs;
  let cursor = opts.startCursor;
  let pending: Promise<P> | null = opts.fetch(cursor);
  let pages = 0;
  try {
    for (;;) {
      const page: P = await pending!;
      pending = null;
      const nextCursor = opts.nextCursorOf(page);
      const stalled = nextCursor !== null && nextCursor === cursor;
      pages++;
      const goOn = nextCursor !== null && !stalled && pages < opts.maxPages && Date.now() < deadline;
      if (goOn) pending = opts.fetch(nextCursor);
      await opts.write({ page, cursor, nextCursor });
      if (!goOn) return { pages, nextCursor: stalled ? cursor : nextCursor, stalled };
      cursor = nextCursor;
    }
  } finally {
    // A write that failed leaves a read in flight: nobody awaits it any more.
    (pending as Promise<P> | null)?.catch(() => undefined);
  }
}
