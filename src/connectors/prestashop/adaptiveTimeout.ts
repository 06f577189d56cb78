/**
 * A per-shop request timeout that follows the shop's own answer times: a hang costs a small multiple of a
 * normal answer, not a fixed half minute, while a slow shop (PrestaShop writes take 0.3–1 s) still gets room.
 * timeout = clamp(mean + 6 × deviation + 6 × mean, floorMs, ceilingMs), from exponentially weighted averages of
 * successful answers; until enough answers were seen it is min(ceiling, 5 s). Kept per base URL for the life of the
 * process (a few numbers per shop), so every batch of a job benefits from what earlier batches measured.
 */
export class AdaptiveTimeout {
  private mean = 0;
  private dev = 0;
  private samples = 0;

  constructor(
    private readonly floorMs: number,
    private readonly ceilingMs: number,
  ) {}

  /** Records the duration of a request that got an answer. */
  observe(ms: number): void {
    if (this.samples === 0) {
      this.mean = ms;
      this.dev = ms / 2;
    } else {
      const err = ms - this.mean;
      this.mean += 0.1 * err;
      this.dev += 0.1 * (Math.abs(err) - this.dev);
    }
    this.samples++;
  }

  current(): number {
    if (this.samples < 20) return Math.min(this.ceilingMs, Math.max(this.floorMs, 5_000));
    return Math.round(Math.min(this.ceilingMs, Math.max(this.floorMs, 7 * this.mean + 6 * this.dev)));
  }
}

const byShop = new Map<string, AdaptiveTimeout>();

/** The shared timer of one shop (by API root and limits). */
export function adaptiveTimeoutFor(apiRoot: string, floorMs: number, ceilingMs: number): AdaptiveTimeout {
  const key = `${apiRoot}|${floorMs}|${ceilingMs}`;
  let t = byShop.get(key);
  if (!t) byShop.set(key, (t = new AdaptiveTimeout(floorMs, ceilingMs)));
  return t;
}
