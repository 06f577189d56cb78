/**
 * A per-shop request timeout that follows the shop's own answer times: a hang costs a small multiple of a
 * normal answer, not a fixed half minute, while a slow shop (PrestaShop writes take 0.3–1 s) still gets room.
 * timeout = clamp(mean + 6 × deviation + 6 × mean, floorMs, ceilingMs), from exponentially weighted averages of
 * successful answers; until enough answers were seen it is min(ceiling, 5 s). Kept per base URL for the life of the
 * process (a few numbers per shop), so every batch of a job benefits from what earlier batches measured.
 *
 * Backoff when timeouts cluster: a single hanging request is the shop's problem, but many calls timing out
 * together mean the answers are slower than the timeout expects — a loaded shop, or a loaded machine whose own
 * event loop reads the answers late. Then the timeout doubles (at most once per current timeout, up to the
 * ceiling) so the job slows down instead of failing items; the extra room decays by half every DECAY_HALF_LIFE_MS.
 */
export class AdaptiveTimeout {
  private mean = 0;
  private dev = 0;
  private samples = 0;
  /** Exponentially weighted share of recent calls that timed out (0..1). */
  private timeoutShare = 0;
  /** Multiplier on the measured timeout (1 = no backoff), when it was last raised, and last decayed. */
  private backoff = 1;
  private raisedAt = -Infinity;
  private decayedAt = 0;

  constructor(
    private readonly floorMs: number,
    private readonly ceilingMs: number,
    private readonly now: () => number = Date.now,
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
    this.timeoutShare *= 1 - SHARE_WEIGHT;
  }

  /**
   * Records a request that got no answer within the timeout. When timeouts cluster (about seven in a row, or half
   * of recent calls) the timeout doubles.
   */
  timedOut(): void {
    this.timeoutShare += SHARE_WEIGHT * (1 - this.timeoutShare);
    if (this.timeoutShare < CLUSTER_SHARE) return;
    const at = this.now();
    this.decay(at);
    // Requests sent before the last raise time out on the old timeout: one raise per timeout period.
    if (at - this.raisedAt < this.measured() * this.backoff) return;
    this.backoff = Math.min(this.backoff * 2, Math.max(1, this.ceilingMs / this.measured()));
    this.raisedAt = at;
    this.decayedAt = at;
  }

  current(): number {
    this.decay(this.now());
    return Math.round(Math.min(this.ceilingMs, this.measured() * this.backoff));
  }

  /** The extra factor the timeout carries now because timeouts clustered (1 = none). */
  get backoffFactor(): number {
    this.decay(this.now());
    return this.backoff;
  }

  private measured(): number {
    if (this.samples < 20) return Math.min(this.ceilingMs, Math.max(this.floorMs, 5_000));
    return Math.min(this.ceilingMs, Math.max(this.floorMs, 7 * this.mean + 6 * this.dev));
  }

  private decay(at: number): void {
    if (this.backoff <= 1) return;
    const elapsed = at - this.decayedAt;
    if (elapsed <= 0) return;
    this.backoff = 1 + (this.backoff - 1) * 0.5 ** (elapsed / DECAY_HALF_LIFE_MS);
    if (this.backoff < 1.05) this.backoff = 1;
    this.decayedAt = at;
  }
}

/** Weight of the latest call in the timeout share (≈ the last ten calls count). */
const SHARE_WEIGHT = 0.1;
/**
 * Timeouts cluster from this share on: about half of the recent calls (seven timeouts in a row from none reach 0.52).
 * Not lower: with 8 lanes and 5 % random hangs, hung calls time out close together often enough to reach a quarter
 * now and then, and each raise made every later hang hold its lane longer (the flaky bench ran at a third of its
 * speed with the timeout stuck at 2–9 s); a loaded machine slows nearly every call, which still reaches a half.
 */
const CLUSTER_SHARE = 0.5;
/** The extra room halves every 30 s once timeouts stop clustering. */
const DECAY_HALF_LIFE_MS = 30_000;

const byShop = new Map<string, AdaptiveTimeout>();

/** The shared timer of one shop (by API root and limits). */
export function adaptiveTimeoutFor(apiRoot: string, floorMs: number, ceilingMs: number): AdaptiveTimeout {
  const key = `${apiRoot}|${floorMs}|${ceilingMs}`;
  let t = byShop.get(key);
  if (!t) byShop.set(key, (t = new AdaptiveTimeout(floorMs, ceilingMs)));
  return t;
}

/** Every shop's current request timeout and backoff factor (diagnostics: bench/benchWorker.ts, BENCH_WORKER_PIPE_LOG). */
export function adaptiveTimeouts(): Array<{ apiRoot: string; currentMs: number; backoff: number }> {
  return [...byShop].map(([key, t]) => ({ apiRoot: key.split('|')[0], currentMs: t.current(), backoff: Math.round(t.backoffFactor * 100) / 100 }));
}
