import { AdaptiveTimeout } from '../../../src/connectors/prestashop/adaptiveTimeout';
import { PrestaShopClient } from '../../../src/connectors/prestashop';
import { isConnectorError } from '../../../src/errors/ConnectorError';
import { startPrestaShopSimulator } from '../../../src/simulators/prestashop';
import { describeSimOnly } from './shopTarget';

/** A shop answering in 25 ms, as the timer has learnt it: the timeout sits on its 1 s floor. */
function warmTimer(clock: { now: number }): AdaptiveTimeout {
  const t = new AdaptiveTimeout(1_000, 15_000, () => clock.now);
  for (let i = 0; i < 40; i++) t.observe(25);
  return t;
}

describe('AdaptiveTimeout backoff when timeouts cluster', () => {
  test('an occasional hang among normal answers leaves the timeout alone', () => {
    const clock = { now: 0 };
    const t = warmTimer(clock);
    for (let i = 0; i < 400; i++) {
      clock.now += 10;
      if (i % 20 === 7) t.timedOut(); // 5 % hangs, spread out
      else t.observe(25);
    }
    expect(t.current()).toBe(1_000);
  });

  test('random hangs on 8 busy lanes (5 % of calls, timing out together now and then) never raise it', () => {
    // Lanes send back to back; a call answers in 30–42 ms or, 1 in 20, hangs until the current timeout.
    const clock = { now: 0 };
    const t = warmTimer(clock);
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const ends: { at: number; hang: boolean }[] = [];
    const send = () => {
      const hang = random() < 0.05;
      ends.push({ at: clock.now + (hang ? t.current() : 30 + random() * 12), hang });
    };
    for (let lane = 0; lane < 8; lane++) send();
    let highest = 0;
    while (clock.now < 600_000) {
      ends.sort((a, b) => a.at - b.at);
      const e = ends.shift()!;
      clock.now = e.at;
      if (e.hang) t.timedOut();
      else t.observe(36);
      highest = Math.max(highest, t.current());
      send();
    }
    expect(highest).toBe(1_000);
  });

  test('several timeouts in a row double the timeout, again if they go on, up to the ceiling; it decays once they stop', () => {
    const clock = { now: 0 };
    const t = warmTimer(clock);
    for (let i = 0; i < 6; i++) t.timedOut();
    expect(t.current()).toBe(1_000); // six in a row: not yet a cluster
    t.timedOut();
    expect(t.current()).toBe(2_000);
    t.timedOut(); // requests sent before the raise time out on the old timeout: no second raise at once
    expect(t.current()).toBe(2_000);
    clock.now += 2_000;
    t.timedOut();
    expect(t.current()).toBeGreaterThan(3_500); // doubled (less the little it decayed in those 2 s)
    for (let i = 0; i < 8; i++) {
      clock.now += 20_000;
      t.timedOut();
    }
    expect(t.current()).toBe(15_000);
    for (let i = 0; i < 50; i++) t.observe(25);
    clock.now += 30_000;
    expect(t.current()).toBeLessThan(8_500);
    clock.now += 300_000;
    expect(t.current()).toBe(1_000);
  });
});

describeSimOnly('PrestaShopClient on a shop that slows down past the timeout floor', () => {
  test('calls time out a few times, then the client waits long enough and they succeed', async () => {
    const sim = await startPrestaShopSimulator({ version: '8.2' });
    try {
      const client = new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxConcurrency: 1, maxRequestsPerSecond: 1000, timeoutMs: 15_000, minTimeoutMs: 1_000 });
      for (let i = 0; i < 25; i++) await client.listTaxRuleGroups(); // the timer learns a fast shop: 1 s floor
      // Every answer now takes 2.5 s (a loaded host): without backoff every call would time out at 1 s forever.
      sim.setFaults({ latencyMs: { min: 2_500, max: 2_500 } });
      let timeouts = 0;
      let answered = false;
      for (let attempt = 0; attempt < 12 && !answered; attempt++) {
        try {
          await client.listTaxRuleGroups();
          answered = true;
        } catch (e) {
          if (!isConnectorError(e) || e.code !== 'TIMEOUT') throw e;
          timeouts++;
        }
      }
      expect(answered).toBe(true);
      expect(timeouts).toBeGreaterThanOrEqual(7);
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
