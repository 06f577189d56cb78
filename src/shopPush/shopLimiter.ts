import type { ShopCategoryPort } from './categories/shopCategoryPort';
import type { ShopImagePort } from './images/shopImagePort';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { LaneGate } from './laneGate';
import { CALL_RETRY, withItemRetries } from './itemRetry';
import type { ShopGateway } from './shopGateway';
import { abortableSleep } from './abortableSleep';

/**
 * Per-shop limits enforced across ALL workers (issue 5: "a shared-hosting PrestaShop dies at 20 parallel
 * writes"). Chosen mechanism: PostgreSQL, which every worker already shares, instead of a task queue per shop.
 * - Concurrency: `shops.max_concurrency` write leases (`shop_write_leases`, one row per slot). A batch
 *   activity holds one lease while it talks to the shop and calls the shop strictly sequentially, so at most
 *   `max_concurrency` calls run against a shop at any moment, whichever worker runs them. Leases expire
 *   (crashed workers) and are renewed while the holder heartbeats.
 * - Rate: a reservation token bucket (`shop_rate_buckets`), `max_requests_per_second` tokens per second,
 *   burst = one second's worth. Every remote call reserves a token in one atomic UPDATE; a negative balance
 *   tells the caller exactly how long to wait. This counts HTTP requests, not activities, so it stays exact
 *   when one activity makes several calls — something `maxTaskQueueActivitiesPerSecond` cannot express.
 * Why not a task queue per shop: it would need a dynamically managed worker per active shop in every worker
 * process, and its server-side limit counts activity starts, not requests.
 */
export class ShopLimiter {
  constructor(private readonly sequelize: Sequelize) {}

  /**
   * Tries to take a free lease slot; returns the slot or null when all `max` are held. A slot already held by
   * `holder` counts as free (a session may take its own slot again). Holders name one activity ATTEMPT
   * (`<activity>#<attempt>`): a retried attempt never takes over the leases of an earlier one, see
   * `earlierAttemptHolds`.
   */
  async tryAcquireLease(shopId: number, max: number, holder: string, leaseMs: number, skip: number[] = []): Promise<number | null> {
    const rows = await this.sequelize.query<{ slot: number }>(
      `INSERT INTO shop_write_leases (shop_id, slot, holder, lease_until)
       SELECT $1, s, $3::text, clock_timestamp() + ($4::int * interval '1 millisecond')
         FROM generate_series(0, $2::int - 1) s
        WHERE s <> ALL($5::int[])
          AND NOT EXISTS (SELECT 1 FROM shop_write_leases l WHERE l.shop_id = $1 AND l.slot = s AND l.lease_until > clock_timestamp() AND l.holder <> $3::text)
        ORDER BY s LIMIT 1
       ON CONFLICT (shop_id, slot) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
        WHERE shop_write_leases.lease_until <= clock_timestamp() OR shop_write_leases.holder = EXCLUDED.holder
       RETURNING slot`,
      { bind: [shopId, max, holder, leaseMs, skip], type: QueryTypes.SELECT },
    );
    return rows[0]?.slot ?? null;
  }

  async renewLease(shopId: number, slot: number, holder: string, leaseMs: number): Promise<void> {
    await this.sequelize.query(
      `UPDATE shop_write_leases SET lease_until = clock_timestamp() + ($4::int * interval '1 millisecond')
        WHERE shop_id = $1 AND slot = $2 AND holder = $3`,
      { bind: [shopId, slot, holder, leaseMs] },
    );
  }

  /** Renews the given leases; returns the slots that were still this holder's (missing ones lapsed). */
  async renewLeases(shopId: number, slots: number[], holder: string, leaseMs: number): Promise<number[]> {
    if (slots.length === 0) return [];
    const rows = await this.sequelize.query<{ slot: number }>(
      `UPDATE shop_write_leases SET lease_until = clock_timestamp() + ($4::int * interval '1 millisecond')
        WHERE shop_id = $1 AND slot = ANY($2::int[]) AND holder = $3 AND lease_until > clock_timestamp()
        RETURNING slot`,
      { bind: [shopId, slots, holder, leaseMs], type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.slot);
  }

  /**
   * True while another attempt of the same activity (`<activity>#<n>` other than `holder`) holds a live lease of
   * this shop: that attempt may still be running (a heartbeat timeout under load does not stop its process), and
   * a retry must not write next to it.
   */
  async earlierAttemptHolds(shopId: number, activity: string, holder: string): Promise<boolean> {
    const rows = await this.sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM shop_write_leases
        WHERE shop_id = $1 AND starts_with(holder, $2) AND holder <> $3 AND lease_until > clock_timestamp()`,
      { bind: [shopId, `${activity}#`, holder], type: QueryTypes.SELECT },
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async releaseLease(shopId: number, slot: number, holder: string): Promise<void> {
    await this.sequelize.query(`DELETE FROM shop_write_leases WHERE shop_id = $1 AND slot = $2 AND holder = $3`, {
      bind: [shopId, slot, holder],
    });
  }

  /** Reserves `n` request tokens; returns how many ms the caller must wait before sending (0 = now). */
  async reserveTokens(shopId: number, perSecond: number, n = 1): Promise<number> {
    const burst = Math.max(1, perSecond);
    const rows = await this.sequelize.query<{ tokens: number }>(
      `INSERT INTO shop_rate_buckets (shop_id, tokens, refilled_at) VALUES ($1, $3::float8 - $4::float8, clock_timestamp())
       ON CONFLICT (shop_id) DO UPDATE SET
         tokens = LEAST($3::float8, shop_rate_buckets.tokens + EXTRACT(EPOCH FROM clock_timestamp() - shop_rate_buckets.refilled_at) * $2::float8) - $4::float8,
         refilled_at = clock_timestamp()
       RETURNING tokens`,
      { bind: [shopId, perSecond, burst, n], type: QueryTypes.SELECT },
    );
    const tokens = Number(rows[0]?.tokens ?? 0);
    return tokens >= 0 ? 0 : Math.ceil((-tokens / perSecond) * 1000);
  }
}


/**
 * HTTP requests one gateway call makes against PrestaShop, reserved up front: find 1; find many 1 per 100
 * references; read = product + its stock row 2; create = POST + stock write 2 (the stock row id comes back in the
 * POST's answer; 1.7 adds the row read its PUT needs); update = PATCH + stock write 2 (a stock row lookup or the
 * 1.7 GET before PUT add one: the slight underestimate is absorbed by the one-second burst); delete 1.
 */
export const REQUESTS_PER_CALL = { find: 1, read: 2, create: 2, update: 2, delete: 1 } as const;

export interface GatewayLimits {
  limiter: ShopLimiter;
  shopId: number;
  perSecond: number;
  /** Requests in flight from this activity (capacity = the shop leases it holds). */
  lanes: LaneGate;
  signal?: AbortSignal;
  /** Sleep between call retries (one abort listener for many sleepers, see itemRetry.abortableSleeper). */
  sleep?: (ms: number) => Promise<void>;
  /** Runs right before every request is sent; throws when the caller may no longer talk to the shop (lost leases). */
  beforeSend?: () => void;
}

/**
 * Wraps a gateway so that every remote call runs in one of the activity's lanes and first waits for its tokens
 * from the shop's shared bucket (both enforced across workers: leases and the bucket live in PostgreSQL).
 */
export function rateLimitedGateway(gateway: ShopGateway, l: GatewayLimits): ShopGateway {
  const purse = new TokenPurse(l);
  const gated = <T>(n: number, call: () => Promise<T>) =>
    l.lanes.run(async () => {
      await purse.take(n);
      l.beforeSend?.();
      return call();
    });
  // Calls that may simply be sent again (reads, PATCH/PUT of the same body, DELETE) retry their transient failures
  // right here, outside the lane; a create (POST) is not repeated blindly: its item re-locates the product first.
  const again = <T>(n: number, call: () => Promise<T>) => withItemRetries(() => gated(n, call), { policy: CALL_RETRY, signal: l.signal, sleep: l.sleep });
  return {
    findProductIdsByReference: (reference) => again(REQUESTS_PER_CALL.find, () => gateway.findProductIdsByReference(reference)),
    findProductIdsByReferences: (references) => again(Math.max(1, Math.ceil(references.length / 100)), () => gateway.findProductIdsByReferences(references)),
    readProduct: (remoteId) => again(REQUESTS_PER_CALL.read, () => gateway.readProduct(remoteId)),
    createProduct: async (payload) => {
      if (!gateway.createProductInSteps) return gated(REQUESTS_PER_CALL.create, () => gateway.createProduct(payload));
      // Each request in a lane of its own: a stock write answered 429 (Retry-After) or 5xx waits for its retry
      // outside the lane, where another item's request can use it. The product exists now: the stock write is
      // retried in place (idempotent), not by re-planning the item.
      const made = await gated(1, () => gateway.createProductInSteps!(payload));
      if (made.stock) await again(REQUESTS_PER_CALL.create - 1, made.stock);
      return made.remoteId;
    },
    updateProduct: (remoteId, payload) => again(REQUESTS_PER_CALL.update, () => gateway.updateProduct(remoteId, payload)),
    deleteProduct: (remoteId) => again(REQUESTS_PER_CALL.delete, () => gateway.deleteProduct(remoteId)),
    ...(gateway.categories ? { categories: rateLimitedCategories(gateway.categories, gated, again) } : {}),
    ...(gateway.images ? { images: rateLimitedImages(gateway.images, gated, again) } : {}),
  };
}

/** The image port in the same lanes and budget; an upload is not resent blindly (its retry reconciles first). 1.7 cover = GET + PUT. */
function rateLimitedImages(
  port: ShopImagePort,
  gated: <T>(n: number, call: () => Promise<T>) => Promise<T>,
  again: <T>(n: number, call: () => Promise<T>) => Promise<T>,
): ShopImagePort {
  return {
    list: (productId) => again(1, () => port.list(productId)),
    upload: (productId, bytes, contentType, filename) => gated(1, () => port.upload(productId, bytes, contentType, filename)),
    delete: (productId, imageId) => again(1, () => port.delete(productId, imageId)),
    download: (productId, imageId) => again(1, () => port.download(productId, imageId)),
    setCover: (productId, imageId) => again(2, () => port.setCover(productId, imageId)),
  };
}

/** The category port in the same lanes and shop-wide budget (one request per call; a create is not resent blindly). */
function rateLimitedCategories(
  port: ShopCategoryPort,
  gated: <T>(n: number, call: () => Promise<T>) => Promise<T>,
  again: <T>(n: number, call: () => Promise<T>) => Promise<T>,
): ShopCategoryPort {
  return {
    children: (parentId) => again(1, () => port.children(parentId)),
    existing: (ids) => again(1, () => port.existing(ids)),
    create: (parentId, names, slugs) => gated(1, () => port.create(parentId, names, slugs)),
    delete: (id) => again(1, () => port.delete(id)),
  };
}

/**
 * Tokens taken from the shared bucket a few at a time (at most a fifth of a second's worth, at most 64), so a fast
 * shop does not cost a PostgreSQL round trip per request; the shared rate still holds across workers (a session
 * can only spend what it reserved, and waits as long as the bucket says).
 */
class TokenPurse {
  private left = 0;
  private refilling: Promise<void> | null = null;

  constructor(private readonly l: GatewayLimits) {}

  async take(n: number): Promise<void> {
    while (this.left < n) {
      this.refilling ??= this.refill(n).finally(() => (this.refilling = null));
      await this.refilling;
    }
    this.left -= n;
  }

  private async refill(n: number): Promise<void> {
    const chunk = Math.max(n, Math.min(64, Math.floor(this.l.perSecond / 5)));
    await abortableSleep(await this.l.limiter.reserveTokens(this.l.shopId, this.l.perSecond, chunk), this.l.signal);
    this.left += chunk;
  }
}

