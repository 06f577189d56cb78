import { BenchStack } from '../../bench/stack';
import { compensate, type DrillResult, flakyShop, workerKill } from '../../drill/drills';

/**
 * Reduced fault drills (the CI version of `npm run drill`), on their own throw-away database and Temporal dev server
 * with PPM workers in child processes: the invariants are read through the shops' webservice. Speed checks of the
 * drills are reported by `npm run drill`, never asserted here.
 */
describe('fault drills (reduced)', () => {
  let stack: BenchStack;
  const tag = `T${Date.now().toString(36).slice(-4).toUpperCase()}`;
  const invariants = (r: DrillResult) => r.checks.filter((c) => !c.timing).map((c) => ({ what: c.what, ok: c.ok, detail: c.ok ? '' : c.detail }));
  const allOk = (r: DrillResult) => invariants(r).map((c) => ({ ...c, ok: true, detail: '' }));

  beforeAll(async () => {
    stack = await BenchStack.start();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('worker SIGKILLed three times during a bulk create: every product once per shop, counters exact', async () => {
    const r = await workerKill(stack, { products: 40, kills: 3, tag, latencyMs: { min: 400, max: 600 } });
    expect(invariants(r)).toEqual(allOk(r));
  }, 180_000);

  it('flaky shops (5xx, hangs, 429) and invalid products: valid ones synced once, invalid ones reported with the shop error', async () => {
    const r = await flakyShop(stack, { products: 40, invalid: 3, tag });
    expect(invariants(r)).toEqual(allOk(r));
  }, 180_000);

  it('a shop refusing writes (500 code 46) under onFailure=compensate: both shops end as before', async () => {
    const r = await compensate(stack, { products: 40, acceptWrites: 10, tag });
    expect(invariants(r)).toEqual(allOk(r));
  }, 180_000);
});
