/**
 * Per-shop admission control: at most `maxConcurrency` requests in flight and at most `maxRequestsPerSecond`
 * request starts per second (starts are spaced evenly). FIFO, so callers are served in arrival order.
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStartAt = 0;
  private readonly spacingMs: number;

  constructor(
    private readonly maxConcurrency: number,
    maxRequestsPerSecond: number,
  ) {
    if (!(maxConcurrency >= 1)) throw new RangeError('maxConcurrency must be >= 1');
    if (!(maxRequestsPerSecond > 0)) throw new RangeError('maxRequestsPerSecond must be > 0');
    this.spacingMs = 1000 / maxRequestsPerSecond;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const now = Date.now();
      const startAt = Math.max(now, this.nextStartAt);
      this.nextStartAt = startAt + this.spacingMs;
      if (startAt > now) await new Promise((r) => setTimeout(r, startAt - now));
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
