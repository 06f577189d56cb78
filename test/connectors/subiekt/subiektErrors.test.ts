import { SubiektSource } from '../../../src/connectors/subiekt/SubiektSource';
import type { SqlServerSimulator } from '../../../src/simulators/sqlserver/sqlServerSimulator';
import { announceTarget, REAL_SERVER, simConfig, simIt, startTestSimulator } from './subiektTarget';

/** Typed errors from real ERROR tokens and faults injected in the simulator. */
describe('SubiektSource errors (simulator)', () => {
  let sim: SqlServerSimulator;
  const sources: SubiektSource[] = [];
  const source = (over = {}) => {
    const s = new SubiektSource(simConfig(sim, over));
    sources.push(s);
    return s;
  };

  beforeAll(async () => {
    announceTarget();
    if (REAL_SERVER) return;
    sim = await startTestSimulator('errors', { seed: { products: 40, seed: 3 } });
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.close()));
    await sim?.stop();
  });

  simIt('an injected deadlock is a retryable DEADLOCK; the retry succeeds', async () => {
    const src = source();
    sim.faults.deadlockNextQueries = 1;
    const err = await src.fetchPage(null, 10).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DEADLOCK', retryable: true, remoteCode: 1205 });
    const page = await src.fetchPage(null, 10);
    expect(page.products).toHaveLength(10);
  });

  simIt('a missing SELECT permission is a permanent PERMISSION error', async () => {
    const src = source();
    sim.faults.denySelect = ['tw_ZdjecieTw'];
    try {
      const err = await src.fetchPage(null, 10).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PERMISSION', retryable: false, remoteCode: 229 });
      expect((err as Error).message).toMatch(/tw_ZdjecieTw/);
    } finally {
      sim.faults.denySelect = [];
    }
  });

  simIt('a dropped connection is a retryable NETWORK error; the next call reconnects', async () => {
    const src = source();
    await src.fetchPage(null, 5);
    sim.faults.dropConnectionNextQueries = 1;
    const err = await src.fetchPage(null, 5).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true });
    expect(['NETWORK', 'TIMEOUT']).toContain((err as { code: string }).code);
    const page = await src.fetchPage(null, 5);
    expect(page.products).toHaveLength(5);
  });

  simIt('a slow server is a retryable TIMEOUT (tedious cancels with ATTENTION) and the source keeps working', async () => {
    const src = source({ requestTimeoutMs: 300 });
    await src.fetchPage(null, 5);
    sim.faults.latencyMs = 5_000;
    try {
      const err = await src.fetchPage(null, 5).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true });
    } finally {
      sim.faults.latencyMs = 0;
    }
    expect((await src.fetchPage(null, 5)).products).toHaveLength(5);
  });

  simIt('rejected logins (injected) are permanent AUTHENTICATION errors', async () => {
    sim.faults.failNextLogins = 1;
    const err = await source().testConnection().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTHENTICATION', retryable: false });
  });

  simIt('a wrong warehouse id is a CONFIGURATION error naming the setting', async () => {
    const err = await source({ warehouseIds: [1, 77] }).testConnection().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIGURATION', field: 'warehouseIds' });
  });

  simIt('a schema without an expected column is a permanent SCHEMA_MISMATCH naming table and column', async () => {
    const other = await startTestSimulator('nocolumn', { seed: { products: 20, seed: 5 } });
    const src = new SubiektSource(simConfig(other));
    try {
      await other.db.dropColumn('tw__Towar', 'tw_SklepInternet');
      const err = await src.fetchPage(null, 10).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SCHEMA_MISMATCH', retryable: false, remoteCode: 207, field: 'tw__Towar.tw_SklepInternet' });
      expect((err as Error).message).toMatch(/dbo\.tw__Towar\.tw_SklepInternet/);
    } finally {
      await src.close();
      await other.stop();
    }
  });
});
