import { DynamicsSource, type DynamicsPage } from '../../../src/connectors/dynamics/DynamicsSource';
import { ConnectorError } from '../../../src/errors/ConnectorError';
import type { ErpProduct } from '../../../src/connectors/erp/ErpSource';
import { control, type DynamicsTarget, errorOf, REAL_BC, requests, startTarget } from './dynamicsTestTarget';

/**
 * Contract of the Business Central ErpSource. Runs against the simulator, or against a real BC when the BC_*
 * variables are set (then the tests that need to change data or inject faults are skipped).
 */
process.stderr.write(REAL_BC ? '[dynamics contract] against a REAL Business Central (BC_* set); simulator-only tests skipped\n' : '[dynamics contract] against the simulator (set BC_TENANT_ID, BC_CLIENT_ID, BC_CLIENT_SECRET, BC_ENVIRONMENT, BC_COMPANY for a real BC)\n');
const simIt = REAL_BC ? it.skip : it;
const PAGE = REAL_BC ? 1000 : 37;

async function readAll(source: DynamicsSource, cursor: string | null = null, pageSize = PAGE): Promise<{ products: ErpProduct[]; pages: number; last: DynamicsPage }> {
  const products: ErpProduct[] = [];
  let pages = 0;
  let last: DynamicsPage;
  do {
    last = await source.fetchPage(cursor, pageSize);
    products.push(...last.products);
    cursor = last.nextCursor;
    pages++;
  } while (cursor);
  return { products, pages, last };
}

describe('DynamicsSource contract', () => {
  let target: DynamicsTarget;
  let source: DynamicsSource;
  let full: { products: ErpProduct[]; pages: number; last: DynamicsPage };

  beforeAll(async () => {
    target = await startTarget();
    source = new DynamicsSource(target.config);
    full = await readAll(source);
  });
  afterAll(async () => {
    await source?.close();
    await target?.stop();
  });

  it('testConnection names the company and environment and counts the items', async () => {
    const info = await source.testConnection();
    expect(info.ok).toBe(true);
    expect(info.system).toBe('dynamics');
    expect(info.details.environment).toBe(target.config.environment);
    expect(info.details.companyId).toMatch(/^[0-9a-f-]{36}$/i);
    expect(info.details.itemCount).toBe(full.products.length);
    expect(info.description).toContain(String(info.details.companyName));
  });

  it('pages through every item once by following nextLink', async () => {
    const ids = full.products.map((p) => p.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    if (target.sim) {
      expect(full.products).toHaveLength(120);
      expect(full.pages).toBe(Math.ceil(120 / PAGE));
    }
  });

  it('a cursor saved mid-way resumes in a new source with the rest, without duplicates or gaps', async () => {
    const first = new DynamicsSource(target.config);
    const p1 = await first.fetchPage(null, PAGE);
    const p2 = await first.fetchPage(p1.nextCursor, PAGE);
    expect(p2.nextCursor).not.toBeNull();
    const saved = JSON.parse(JSON.stringify(p2.nextCursor)) as string; // survives persistence
    const resumed = await readAll(new DynamicsSource(target.config), saved);
    const ids = [...p1.products, ...p2.products, ...resumed.products].map((p) => p.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(full.products.map((p) => p.externalId)));
  });

  it('unchanged data gives identical content hashes', async () => {
    const again = await readAll(new DynamicsSource(target.config));
    const before = new Map(full.products.map((p) => [p.externalId, p.contentHash]));
    for (const p of again.products) expect(p.contentHash).toBe(before.get(p.externalId));
  });

  it('keeps Polish text intact', async () => {
    if (target.sim) {
      await control(target.sim, 'PUT', '/items/PL-TEXT-1', { displayName: 'Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ', displayName2: 'Łódź – „cudzysłów”' });
      const { products } = await readAll(new DynamicsSource(target.config));
      const p = products.find((x) => x.sku === 'PL-TEXT-1')!;
      expect(p.name).toBe('Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ');
      expect(p.description).toBe('Łódź – „cudzysłów”');
      expect(full.products.some((x) => /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/.test(x.name))).toBe(true);
    } else {
      for (const p of full.products) expect(p.name).not.toMatch(/\uFFFD/);
    }
  });

  simIt('maps VAT groups through the configured table, with net/gross at 4 decimals', async () => {
    const sim = target.sim!;
    await control(sim, 'PUT', '/items/VAT-NET-8', { displayName: 'Netto 8%', unitPrice: 100.0001, priceIncludesTax: false, taxGroupCode: 'VAT8' });
    await control(sim, 'PUT', '/items/VAT-GROSS-23', { displayName: 'Brutto 23%', unitPrice: 123, priceIncludesTax: true, taxGroupCode: 'VAT23' });
    await control(sim, 'PUT', '/items/VAT-ZW', { displayName: 'Zwolniony', unitPrice: 50.5, taxGroupCode: 'ZW' });
    await control(sim, 'PUT', '/items/VAT-NP', { displayName: 'Nie podlega', unitPrice: 10, taxGroupCode: 'NP' });
    await control(sim, 'PUT', '/items/VAT-ODD', { displayName: 'Nieznana grupa', unitPrice: 10, taxGroupCode: 'EXPORT' });
    const { products } = await readAll(new DynamicsSource({ ...target.config, vatRates: { vat23: '23', VAT8: '8', ZW: 'zw', NP: 'np' } }));
    const by = (sku: string) => products.find((p) => p.sku === sku)!;
    expect(by('VAT-NET-8')).toMatchObject({ vatRate: '8', vatSymbol: '8', priceNet: '100.0001', priceGross: '108.0001', currency: 'PLN' });
    expect(by('VAT-GROSS-23')).toMatchObject({ vatRate: '23', priceNet: '100.0000', priceGross: '123.0000' });
    expect(by('VAT-ZW')).toMatchObject({ vatRate: null, vatSymbol: 'zw', priceNet: '50.5000', priceGross: '50.5000' });
    expect(by('VAT-NP')).toMatchObject({ vatRate: null, vatSymbol: 'np' });
    expect(by('VAT-ODD')).toMatchObject({ vatRate: null, vatSymbol: null, priceNet: '10.0000', priceGross: null });
  });

  simIt('flags blocked items', async () => {
    const raw = await control<Array<{ id: string; blocked: boolean }>>(target.sim!, 'GET', '/items');
    const blocked = new Set(raw.filter((r) => r.blocked).map((r) => r.id));
    expect(blocked.size).toBeGreaterThan(0);
    for (const p of full.products) expect(p.blocked).toBe(blocked.has(p.externalId));
    expect(full.products.every((p) => p.deleted === false)).toBe(true);
  });

  it('reports pictures with a change token and fetches their bytes', async () => {
    const withPicture = full.products.filter((p) => p.pictures.length > 0);
    if (!target.sim && withPicture.length === 0) return; // a real company may have no pictures
    expect(withPicture.length).toBeGreaterThan(0);
    const p = withPicture[0];
    const pic = await source.fetchPicture(p.externalId, p.pictures[0].externalId);
    expect(pic.data.length).toBeGreaterThan(0);
    expect(pic.contentType).toMatch(/^image\//);
    if (target.sim) {
      expect(pic.data.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
      const newBytes = Buffer.from('GIF89a-new-picture-bytes');
      await control(target.sim, 'PUT', `/items/${p.sku}/picture`, { contentType: 'image/gif', width: 10, height: 10, base64: newBytes.toString('base64') });
      const after = await readAll(new DynamicsSource(target.config));
      const changed = after.products.find((x) => x.externalId === p.externalId)!;
      expect(changed.pictures[0].changeToken).not.toBe(p.pictures[0].changeToken);
      const unchanged = after.products.find((x) => x.externalId === withPicture[1]?.externalId);
      if (unchanged) expect(unchanged.pictures[0].changeToken).toBe(withPicture[1].pictures[0].changeToken);
      const fetched = await source.fetchPicture(p.externalId, changed.pictures[0].externalId);
      expect(fetched.data.equals(newBytes)).toBe(true);
      expect(fetched.contentType).toBe('image/gif');
    }
  });

  it('a wrong client secret is a permanent AUTHENTICATION error that says why', async () => {
    const bad = new DynamicsSource({ ...target.config, clientSecret: 'definitely-not-the-secret' });
    const err = await errorOf(bad.fetchPage(null, 10));
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.code).toBe('AUTHENTICATION');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/AADSTS7000215|invalid_client/);
    expect(err.message).not.toContain('definitely-not-the-secret');
  });

  it('an unknown company is a CONFIGURATION error that lists the companies', async () => {
    const err = await errorOf(new DynamicsSource({ ...target.config, company: 'Nie Ma Takiej Firmy' }).testConnection());
    expect(err.code).toBe('CONFIGURATION');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Nie Ma Takiej Firmy');
  });
});

(REAL_BC ? describe.skip : describe)('DynamicsSource against simulated failures', () => {
  let target: DynamicsTarget;
  const sim = () => target.sim!;
  const source = (extra: Record<string, unknown> = {}) => new DynamicsSource({ ...target.config, ...extra });

  beforeAll(async () => {
    target = await startTarget({ seed: { items: 40 } });
  });
  afterAll(async () => target?.stop());
  afterEach(async () => {
    await control(sim(), 'DELETE', '/faults');
    await control(sim(), 'DELETE', '/limits');
  });

  it('gets one token, reuses it across requests and sources, and refreshes once after a 401', async () => {
    await control(sim(), 'DELETE', '/requests');
    await readAll(source(), null, 10);
    await source().testConnection();
    expect(await requests(sim(), 'token')).toHaveLength(1);
    await control(sim(), 'POST', '/tokens/revoke');
    const page = await source().fetchPage(null, 10);
    expect(page.products).toHaveLength(10);
    expect(await requests(sim(), 'token')).toHaveLength(2);
    const statuses = (await requests(sim(), 'api')).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
  });

  it('requests a new token before the old one expires', async () => {
    await control(sim(), 'PUT', '/tokens', { lifetimeSeconds: 2 });
    await control(sim(), 'POST', '/tokens/revoke'); // the cached long-lived token is gone
    const s = source();
    await s.fetchPage(null, 5); // 401 → new token living 2 s (renewed after 1 s)
    await control(sim(), 'DELETE', '/requests');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await s.fetchPage(null, 5);
    expect(await requests(sim(), 'token')).toHaveLength(1);
    expect((await requests(sim(), 'api')).every((r) => r.status === 200)).toBe(true);
    await control(sim(), 'PUT', '/tokens', { lifetimeSeconds: 3599 });
  });

  it('429 becomes THROTTLED with the Retry-After delay', async () => {
    await control(sim(), 'PUT', '/limits', { rateRequests: 1, retryAfterSeconds: 7 });
    const s = source();
    await s.resolveCompany(); // uses the one allowed request
    const err = await errorOf(s.fetchPage(null, 10));
    expect(err.code).toBe('THROTTLED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(7_000);
    expect(err.remoteCode).toBe('Application_TooManyRequests');
  });

  it('503 is retryable (THROTTLED with Retry-After, REMOTE_UNAVAILABLE with an HTML body), and the same cursor then works', async () => {
    const s = source();
    const p1 = await s.fetchPage(null, 10);
    await control(sim(), 'PUT', '/faults', { failNext: [{ status: 503, count: 1, retryAfterSeconds: 3, body: 'html' }, { status: 503, count: 1, body: 'html' }, { status: 504, count: 1, body: 'empty' }] });
    const e1 = await errorOf(s.fetchPage(p1.nextCursor, 10));
    expect(e1).toMatchObject({ code: 'THROTTLED', retryable: true, retryAfterMs: 3_000, status: 503 });
    const e2 = await errorOf(s.fetchPage(p1.nextCursor, 10));
    expect(e2).toMatchObject({ code: 'REMOTE_UNAVAILABLE', retryable: true, status: 503 });
    const e3 = await errorOf(s.fetchPage(p1.nextCursor, 10));
    expect(e3).toMatchObject({ code: 'REMOTE_UNAVAILABLE', retryable: true, status: 504 });
    const p2 = await s.fetchPage(p1.nextCursor, 10);
    expect(p2.products).toHaveLength(10);
    expect(p2.products.map((p) => p.externalId)).not.toContain(p1.products[0].externalId);
  });

  it('a dropped connection is NETWORK and an unanswered request is TIMEOUT, both retryable', async () => {
    const s = source({ requestTimeoutMs: 800 });
    await s.resolveCompany();
    await control(sim(), 'PUT', '/faults', { dropNext: 1 });
    expect(await errorOf(s.fetchPage(null, 5))).toMatchObject({ code: 'NETWORK', retryable: true });
    await control(sim(), 'PUT', '/faults', { hangNext: 1 });
    expect(await errorOf(s.fetchPage(null, 5))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect((await s.fetchPage(null, 5)).products).toHaveLength(5);
  });

  it('403 is a permanent PERMISSION error', async () => {
    const s = source();
    await control(sim(), 'PUT', '/faults', { forbidden: true });
    expect(await errorOf(s.fetchPage(null, 5))).toMatchObject({ code: 'PERMISSION', retryable: false, status: 403 });
  });

  it('keeps to the concurrency limit (a server that rejects extra concurrent requests never throttles it) and refreshes the token once for all', async () => {
    await control(sim(), 'PUT', '/limits', { maxConcurrent: 2, maxQueue: 0 });
    await control(sim(), 'PUT', '/faults', { latencyMs: 60 });
    const s = source({ maxConcurrency: 2 });
    await s.resolveCompany();
    await control(sim(), 'DELETE', '/requests');
    await control(sim(), 'POST', '/tokens/revoke'); // every parallel request meets a 401 with the old token
    const pages = await Promise.all(Array.from({ length: 8 }, () => s.fetchPage(null, 3)));
    expect(pages.every((p) => p.products.length === 3)).toBe(true);
    expect((await requests(sim(), 'api')).every((r) => r.status === 200 || r.status === 401)).toBe(true);
    expect(await requests(sim(), 'token')).toHaveLength(1); // one refresh in flight, shared
  });

  it('restarts the scan when the server no longer accepts the skip token', async () => {
    const s = source();
    const p1 = await s.fetchPage(null, 10);
    const cursor = JSON.parse(p1.nextCursor!) as { nextLink: string };
    cursor.nextLink = cursor.nextLink.replace(/\$skiptoken=[^&]+/, '$skiptoken=stale');
    const restarted = await s.fetchPage(JSON.stringify(cursor), 10);
    expect(restarted.products.map((p) => p.externalId)).toEqual(p1.products.map((p) => p.externalId));
  });

  it('sends Prefer: odata.maxpagesize and a $select of only the mapped fields', async () => {
    await control(sim(), 'DELETE', '/requests');
    await source().fetchPage(null, 7);
    const itemCalls = (await requests(sim(), 'api')).filter((r) => r.path.endsWith('/items'));
    expect(itemCalls[0].prefer).toBe('odata.maxpagesize=7');
    expect(decodeURIComponent(itemCalls[0].query)).toContain('$select=id,number,displayName');
  });
});

(REAL_BC ? describe.skip : describe)('DynamicsSource incremental pulls', () => {
  let target: DynamicsTarget;
  beforeAll(async () => {
    target = await startTarget({ seed: { items: 60 } });
  });
  afterAll(async () => target?.stop());

  it('an incremental pull returns only items modified after the high-water mark, and a 4th-decimal price change changes the hash', async () => {
    const sim = target.sim!;
    const scan = await readAll(new DynamicsSource(target.config));
    expect(scan.last.changesCursor).not.toBeNull();
    const raw = await control<Array<{ number: string; unitPrice: number; id: string }>>(sim, 'GET', '/items');
    const [a, b, c, d] = raw.slice(10, 14);
    await control(sim, 'PUT', `/items/${a.number}`, { unitPrice: Math.round(a.unitPrice * 10000 + 1) / 10000 });
    await control(sim, 'PUT', `/items/${b.number}`, { displayName: 'Zmieniona nazwa' });
    await control(sim, 'PUT', `/items/${c.number}`, { blocked: true });
    await control(sim, 'POST', `/items/${d.number}/inventory`, { quantity: 5 }); // stock-only: not a modification of the item row
    const changes = await readAll(new DynamicsSource(target.config), scan.last.changesCursor, 2);
    expect(changes.products.map((p) => p.sku).sort()).toEqual([a.number, b.number, c.number].sort());
    const oldHash = new Map(scan.products.map((p) => [p.externalId, p.contentHash]));
    for (const p of changes.products) expect(p.contentHash).not.toBe(oldHash.get(p.externalId));
    expect(changes.products.find((p) => p.sku === c.number)!.blocked).toBe(true);
    const apiCalls = (await requests(sim, 'api')).filter((r) => r.query.includes('lastModifiedDateTime'));
    expect(apiCalls.length).toBeGreaterThan(0);
    // And the next incremental pull, right after, starts from this pull's own start.
    expect(changes.last.changesCursor).not.toBeNull();
    // An explicit watermark works too.
    const since = await new DynamicsSource(target.config).changesSince(new Date(Date.now() + 3_600_000).toISOString());
    expect((await readAll(new DynamicsSource(target.config), since)).products).toEqual([]);
  });

});
