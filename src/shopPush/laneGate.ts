/**
 * The lanes one activity may use against a shop right now: a semaphore whose capacity follows the shop write
 * leases the activity holds (ShopLimiter), so requests in flight never exceed the leases, whatever the number of
 * items waiting. Items sleeping between retries hold no lane.
 */
export class LaneGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private capacity: number) {}

  get size(): number {
    return this.capacity;
  }

  get busy(): number {
    return this.active;
  }

  setCapacity(n: number): void {
    this.capacity = Math.max(0, n);
    this.drain();
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.active--;
      this.drain();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.capacity && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
  }

  private drain(): void {
    while (this.active < this.capacity && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
