import { loadConfig } from '../../src/config/env';
import { Shop } from '../../src/db/models';
import { openDatabase } from '../../src/runtime/database';
import { ShopLimiter } from '../../src/sync/shopLimiter';
import type { Sequelize } from 'sequelize';

/** The per-shop caps live in PostgreSQL, so two limiters (two workers) share them. */
describe('shop limiter (cross-worker, PostgreSQL)', () => {
  let a: Sequelize;
  let b: Sequelize;
  let shopId: number;
  beforeAll(async () => {
    const config = loadConfig();
    a = await openDatabase(config, config.DATABASE_URL!);
    b = await openDatabase(config, config.DATABASE_URL!);
    const shop = await Shop.create({ name: `limiter-${Date.now()}`, baseUrl: 'http://127.0.0.1:9', apiKeyEncrypted: 'x', apiKeyHint: 'x', maxConcurrency: 2 });
    shopId = shop.id;
  });
  afterAll(async () => {
    await Shop.destroy({ where: { id: shopId } });
    await a.close();
    await b.close();
  });

  it('never hands out more write leases than max_concurrency across workers; a released or expired lease is reusable', async () => {
    const w1 = new ShopLimiter(a);
    const w2 = new ShopLimiter(b);
    const got = await Promise.all([
      w1.tryAcquireLease(shopId, 2, 'w1-a', 60_000),
      w2.tryAcquireLease(shopId, 2, 'w2-a', 60_000),
      w1.tryAcquireLease(shopId, 2, 'w1-b', 60_000),
      w2.tryAcquireLease(shopId, 2, 'w2-b', 60_000),
    ]);
    const held = got.filter((s) => s !== null);
    expect(held.sort()).toEqual([0, 1]);
    const holderOf0 = ['w1-a', 'w2-a', 'w1-b', 'w2-b'][got.indexOf(0)];
    await (got.indexOf(0) % 2 === 0 ? w1 : w2).releaseLease(shopId, 0, holderOf0);
    expect(await w2.tryAcquireLease(shopId, 2, 'w2-c', 50)).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(await w1.tryAcquireLease(shopId, 2, 'w1-c', 60_000)).toBe(0);
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
