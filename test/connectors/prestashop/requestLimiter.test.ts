import { RequestLimiter } from '../../../src/connectors/prestashop/requestLimiter';
import { PrestaShopClient } from '../../../src/connectors/prestashop';
import { startPrestaShopSimulator } from '../../../src/simulators/prestashop';
import { describeSimOnly } from './shopTarget';

describe('RequestLimiter', () => {
  test('never runs more than maxConcurrency tasks at once and runs every task', async () => {
    const limiter = new RequestLimiter(3, 1000);
    let inFlight = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 15)); // long enough that the lanes fill even on a loaded machine
          inFlight--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  test('a failing task frees its slot', async () => {
    const limiter = new RequestLimiter(1, 1000);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});

describeSimOnly('PrestaShopClient per-shop limit', () => {
  test('the shop never sees more parallel requests than maxConcurrency', async () => {
    const sim = await startPrestaShopSimulator({ version: '8.2' });
    try {
      sim.setFaults({ latencyMs: { min: 20, max: 20 } });
      const client = new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxConcurrency: 2, maxRequestsPerSecond: 1000 });
      await Promise.all(Array.from({ length: 8 }, () => client.listTaxRuleGroups()));
      const log = sim.requests();
      expect(log).toHaveLength(8);
      expect(Math.max(...log.map((r) => r.concurrent))).toBeLessThanOrEqual(2);
    } finally {
      await sim.stop();
    }
  });
});
