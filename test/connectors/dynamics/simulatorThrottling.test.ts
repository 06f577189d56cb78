import { type DynamicsSimulator, startDynamicsSimulator } from '../../../src/simulators/dynamics/startDynamicsSimulator';

/**
 * BC online's per-user limits in the simulator (reference §9): 5 requests processed at once, 95 more queued, the rest
 * refused at once with 429 Application_TooManyRequests and Retry-After; switchable off for an unthrottled service.
 */
describe('Business Central simulator, per-user concurrency and queue limits', () => {
  const sims: DynamicsSimulator[] = [];
  afterAll(async () => Promise.all(sims.map((s) => s.stop())));

  async function start(opts: Parameters<typeof startDynamicsSimulator>[0]): Promise<{ sim: DynamicsSimulator; token: string }> {
    const sim = await startDynamicsSimulator({ port: 0, seed: { items: 5 }, ...opts });
    sims.push(sim);
    const res = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: sim.scope }).toString(),
    });
    return { sim, token: ((await res.json()) as { access_token: string }).access_token };
  }

  async function burst(sim: DynamicsSimulator, token: string, n: number) {
    return Promise.all(
      Array.from({ length: n }, async () => {
        const res = await fetch(`${sim.environmentUrl}/companies`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
        const body = (await res.json()) as { error?: { code: string; message: string } };
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
      }),
    );
  }

  it('refuses the excess of a burst of 150 parallel requests with 429 and Retry-After, and serves the 5 running + 95 queued', async () => {
    // Each request holds its slot for 250 ms, so the burst meets full slots and a full queue as it would on BC.
    const { sim, token } = await start({ limits: { serviceTimeMs: 250 } });
    const answers = await burst(sim, token, 150);
    const refused = answers.filter((a) => a.status === 429);
    const served = answers.filter((a) => a.status === 200);
    expect(served.length + refused.length).toBe(150);
    expect(served.length).toBeGreaterThanOrEqual(100);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.retryAfter).toBe('10');
      expect(r.body.error?.code).toBe('Application_TooManyRequests');
      expect(r.body.error?.message).toMatch(/Too many concurrent requests\. Processing \(5\) and queued \(95\)\. Maximum \(100\)/);
    }
  }, 60_000);

  it('serves every request of the same burst when throttling is switched off', async () => {
    const { sim, token } = await start({ throttle: false });
    const answers = await burst(sim, token, 150);
    expect(answers.map((a) => a.status)).toEqual(Array(150).fill(200));
  }, 60_000);
});
