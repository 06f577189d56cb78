import type { ShopCategoryPort } from '../shopPush/categories/shopCategoryPort';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { ShopGateway } from './shopGateway';

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

  /** Tries to take a free lease slot; returns the slot or null when all `max` are held. */
  async tryAcquireLease(shopId: number, max: number, holder: string, leaseMs: number): Promise<number | null> {
    const rows = await this.sequelize.query<{ slot: number }>(
      `INSERT INTO shop_write_leases (shop_id, slot, holder, lease_until)
       SELECT $1, s, $3, clock_timestamp() + ($4::int * interval '1 millisecond')
         FROM generate_series(0, $2::int - 1) s
        WHERE NOT EXISTS (SELECT 1 FROM shop_write_leases l WHERE l.shop_id = $1 AND l.slot = s AND l.lease_until > clock_timestamp())
        ORDER BY s LIMIT 1
       ON CONFLICT (shop_id, slot) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
        WHERE shop_write_leases.lease_until <= clock_timestamp()
       RETURNING slot`,
      { bind: [shopId, max, holder, leaseMs], type: QueryTypes.SELECT },
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

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * HTTP requests one gateway call makes against PrestaShop, reserved up front: find 1; read = product + its stock
 * row (the before-image carries the quantity) 2; create = POST +
 * read-back + stock row lookup + stock write 4; update = PATCH + read-back + stock lookup + stock write 4
 * (1.7 PUT adds a read: the slight overestimate is on the safe side); delete 1.
 */
export const REQUESTS_PER_CALL = { find: 1, read: 2, create: 4, update: 4, delete: 1 } as const;

/** Wraps a gateway so that every remote call first waits for its tokens from the shop's shared bucket. */
export function rateLimitedGateway(gateway: ShopGateway, limiter: ShopLimiter, shopId: number, perSecond: number, signal?: AbortSignal): ShopGateway {
  const gate = async (n: number) => sleep(await limiter.reserveTokens(shopId, perSecond, n), signal);
  return {
    async findProductIdsByReference(reference) {
      await gate(REQUESTS_PER_CALL.find);
      return gateway.findProductIdsByReference(reference);
    },
    async readProduct(remoteId) {
      await gate(REQUESTS_PER_CALL.read);
      return gateway.readProduct(remoteId);
    },
    async createProduct(payload) {
      await gate(REQUESTS_PER_CALL.create);
      return gateway.createProduct(payload);
    },
    async updateProduct(remoteId, payload) {
      await gate(REQUESTS_PER_CALL.update);
      return gateway.updateProduct(remoteId, payload);
    },
    async deleteProduct(remoteId) {
      await gate(REQUESTS_PER_CALL.delete);
      return gateway.deleteProduct(remoteId);
    },
    ...(gateway.categories ? { categories: rateLimitedCategories(gateway.categories, gate) } : {}),
  };
}

/** The category port behind the same shop-wide request budget (one request per call). */
function rateLimitedCategories(port: ShopCategoryPort, gate: (n: number) => Promise<void>): ShopCategoryPort {
  return {
    children: async (parentId) => (await gate(1), port.children(parentId)),
    existing: async (ids) => (await gate(1), port.existing(ids)),
    create: async (parentId, names, slugs) => (await gate(1), port.create(parentId, names, slugs)),
    delete: async (id) => (await gate(1), port.delete(id)),
  };
}

export { sleep as limiterSleep };
