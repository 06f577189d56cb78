import { loadConfig } from '../../src/config/env';
import { openDatabase } from '../../src/runtime/database';
import { ShopLimiter } from '../../src/shopPush/shopLimiter';
import type { Sequelize } from 'sequelize';
import { createShop, deleteShops } from '../../src/shops/shopStore';

/** The per-shop caps live in PostgreSQL, so two limiters (two workers) share them. */
describe('shop limiter (cross-worker, PostgreSQL)', () => {
  let a: Sequelize;
  let b: Sequelize;
  let shopId: number;
  beforeAll(async () => {
    const config = loadConfig();
    a = await openDatabase(config, config.DATABASE_URL!);
    b = await openDatabase(config, config.DATABASE_URL!);
    const shop = await createShop(a, { name: `limiter-${Date.now()}`, baseUrl: 'http://127.0.0.1:9', maxConcurrency: 2 }, () => ({ apiKeyEncrypted: 'x', apiKeyHint: 'x' }));
    shopId = shop.id;
  });
  afterAll(async () => {
    await deleteShops(a, [shopId]);
    await a.close();
    await b.close();
  });

  it('never hands out more write leases than max_concurrency across workers; a released or expired lease is reusable', async () => {
    const w1 = new ShopLimiter(a);
    const w2 = new ShopLimiter(b);
    const holderOf = new Map<number, { limiter: ShopLimiter; holder: string }>();
    const names = ['w1-a', 'w2-a', 'w1-b', 'w2-b', 'w1-c', 'w2-c'];
    const got = await Promise.all(names.map((n, i) => (i % 2 ? w2 : w1).tryAcquireLease(shopId, 2, n, 60_000)));
    got.forEach((slot, i) => slot !== null && holderOf.set(slot, { limiter: i % 2 ? w2 : w1, holder: names[i] }));
    // racing callers may lose a round (they retry), but never get more than two leases between them
    expect(got.filter((s) => s !== null).length).toBe(holderOf.size);
    expect(holderOf.size).toBeLessThanOrEqual(2);
    while (holderOf.size < 2) {
      const slot = await w1.tryAcquireLease(shopId, 2, `fill-${holderOf.size}`, 60_000);
      if (slot !== null) holderOf.set(slot, { limiter: w1, holder: `fill-${holderOf.size}` });
    }
    expect(await w2.tryAcquireLease(shopId, 2, 'extra', 60_000)).toBeNull();
    const zero = holderOf.get(0)!;
    await zero.limiter.releaseLease(shopId, 0, zero.holder);
    expect(await w2.tryAcquireLease(shopId, 2, 'short', 50)).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(await w1.tryAcquireLease(shopId, 2, 'after-expiry', 60_000)).toBe(0);
  });

  it('shares one request-rate bucket: the tokens beyond the burst are spread at the configured rate', async () => {
    const w1 = new ShopLimiter(a);
    const w2 = new ShopLimiter(b);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await (i % 2 ? w2 : w1).reserveTokens(shopId, 2, 1));
    // burst of 2 goes at once; the next four wait about 0.5 s more each (2 per second), whichever worker asks
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    for (let i = 2; i < 6; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]);
    expect(waits[5]).toBeGreaterThan(1500);
    expect(waits[5]).toBeLessThanOrEqual(2100);
  });
});
