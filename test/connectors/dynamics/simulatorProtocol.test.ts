import { type DynamicsSimulator, startDynamicsSimulator } from '../../../src/simulators/dynamics/startDynamicsSimulator';
import { control } from './dynamicsTestTarget';

/**
 * The simulator speaks BC API v2.0 and Entra ID as the reference describes (shared/reference/dynamics-bc.md),
 * checked with plain fetch, not with our client: OData JSON shapes, paging, query options, error bodies.
 */
describe('Business Central simulator, raw HTTP', () => {
  let sim: DynamicsSimulator;
  let token: string;
  let companyUrl: string;

  const tokenRequest = (fields: Record<string, string>) =>
    fetch(sim.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers } });
  const getJson = async (url: string, headers: Record<string, string> = {}) => {
    const res = await get(url, headers);
    return { res, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    sim = await startDynamicsSimulator({ port: 0, seed: { items: 30 } });
    const res = await tokenRequest({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' });
    token = ((await res.json()) as { access_token: string }).access_token;
    companyUrl = `${sim.environmentUrl}/companies(${sim.companies[0].id})`;
  });
  afterAll(async () => sim?.stop());

  describe('Entra token endpoint', () => {
    it('issues a signed bearer JWT for the BC audience with expires_in', async () => {
      const res = await tokenRequest({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
      const [, payload] = String(body.access_token).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ aud: 'https://api.businesscentral.dynamics.com', tid: sim.tenantId, appid: sim.clientId });
    });

    it('accepts the secret in HTTP Basic auth as well', async () => {
      const basic = Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64');
      const res = await fetch(sim.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://api.businesscentral.dynamics.com/.default' }).toString(),
      });
      expect(res.status).toBe(200);
    });

    it('rejects a wrong secret with 401 invalid_client / AADSTS7000215', async () => {
      const res = await tokenRequest({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: 'wrong', scope: 'https://api.businesscentral.dynamics.com/.default' });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215], trace_id: expect.any(String), correlation_id: expect.any(String), timestamp: expect.any(String) });
      expect(String(body.error_description)).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    });

    it('rejects an unknown tenant, an unknown client and a scope without /.default', async () => {
      const unknownTenant = await fetch(sim.tokenUrl.replace(sim.tenantId, 'nope.onmicrosoft.com'), {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: sim.scope }),
      });
      expect(unknownTenant.status).toBe(400);
      expect(((await unknownTenant.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
      const unknownClient = await tokenRequest({ grant_type: 'client_credentials', client_id: '11111111-2222-3333-4444-555555555555', client_secret: 'x', scope: sim.scope });
      expect(await unknownClient.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
      const badScope = await tokenRequest({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: 'https://api.businesscentral.dynamics.com/user_impersonation' });
      expect(await badScope.json()).toMatchObject({ error: 'invalid_scope' });
    });
  });

  describe('OData API v2.0', () => {
    it('lists companies with @odata.context and value', async () => {
      const { res, body } = await getJson(`${sim.environmentUrl}/companies`);
      expect(res.status).toBe(200);
      expect(res.headers.get('odata-version')).toBe('4.0');
      expect(body['@odata.context']).toBe(`${sim.environmentUrl}/$metadata#companies`);
      expect(body.value[0]).toEqual(expect.objectContaining({ id: sim.companies[0].id, name: sim.companies[0].name, displayName: expect.any(String), systemVersion: expect.any(String) }));
    });

    it('pages items server-side with Prefer: odata.maxpagesize and an absolute @odata.nextLink', async () => {
      const { res, body } = await getJson(`${companyUrl}/items`, { Prefer: 'odata.maxpagesize=12' });
      expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=12');
      expect(body['@odata.context']).toBe(`${sim.environmentUrl}/$metadata#companies(${sim.companies[0].id})/items`);
      expect(body.value).toHaveLength(12);
      const item = body.value[0];
      expect(item['@odata.etag']).toMatch(/^W\/"[A-Za-z0-9+/=]+"$/);
      expect(Object.keys(item)).toEqual([
        '@odata.etag', 'id', 'number', 'displayName', 'displayName2', 'type', 'itemCategoryId', 'itemCategoryCode', 'blocked', 'gtin', 'inventory', 'unitPrice',
        'priceIncludesTax', 'unitCost', 'taxGroupId', 'taxGroupCode', 'baseUnitOfMeasureId', 'baseUnitOfMeasureCode', 'generalProductPostingGroupId',
        'generalProductPostingGroupCode', 'inventoryPostingGroupId', 'inventoryPostingGroupCode', 'lastModifiedDateTime',
      ]);
      expect(item.lastModifiedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(body['@odata.nextLink']).toMatch(new RegExp(`^${sim.environmentUrl.replace(/[.()]/g, '\\$&')}/companies\\(.*\\)/items\\?.*\\$skiptoken=`));
      const seen = new Set(body.value.map((v: { id: string }) => v.id));
      let next: string | undefined = body['@odata.nextLink'];
      while (next) {
        const page = await getJson(next, { Prefer: 'odata.maxpagesize=12' });
        for (const v of page.body.value) seen.add(v.id);
        next = page.body['@odata.nextLink'];
      }
      expect(seen.size).toBe(30);
    });

    it('supports $filter (eq, gt, ge, lt, and), $select, $orderby, $top, $skip and $count', async () => {
      const all = await control<Array<{ number: string; lastModifiedDateTime: string; blocked: boolean }>>(sim, 'GET', '/items');
      const one = await getJson(`${companyUrl}/items?$filter=number eq '${all[3].number}'&$select=number,displayName`);
      expect(one.body.value).toEqual([{ '@odata.etag': expect.any(String), number: all[3].number, displayName: expect.any(String) }]);
      expect(one.body['@odata.context']).toMatch(/items\(number,displayName\)$/);
      const pivot = all.map((i) => i.lastModifiedDateTime).sort()[15];
      const after = await getJson(`${companyUrl}/items?$filter=lastModifiedDateTime gt ${pivot}&$count=true&$select=id`);
      expect(after.body['@odata.count']).toBe(all.filter((i) => i.lastModifiedDateTime > pivot).length);
      const range = await getJson(`${companyUrl}/items?$filter=${encodeURIComponent(`lastModifiedDateTime ge ${pivot} and lastModifiedDateTime lt 2999-01-01T00:00:00Z and blocked eq false`)}&$select=id`);
      expect(range.body.value).toHaveLength(all.filter((i) => i.lastModifiedDateTime >= pivot && !i.blocked).length);
      const top = await getJson(`${companyUrl}/items?$orderby=number desc&$top=3&$skip=1&$select=number`);
      const numbers = all.map((i) => i.number).sort().reverse();
      expect(top.body.value.map((v: { number: string }) => v.number)).toEqual(numbers.slice(1, 4));
      expect(top.body['@odata.nextLink']).toBeUndefined();
    });

    it('answers filter and URL mistakes with BC error bodies', async () => {
      const quoted = await getJson(`${companyUrl}/items?$filter=lastModifiedDateTime gt '2026-01-01T00:00:00Z'`);
      expect(quoted.res.status).toBe(400);
      expect(quoted.body.error.message).toMatch(/incompatible types/);
      const distinctOr = await getJson(`${companyUrl}/items?$filter=number eq '1' or blocked eq true`);
      expect(distinctOr.res.status).toBe(400);
      expect(distinctOr.body.error.message).toMatch(/^The 'OR' operator is not supported on distinct fields/);
      const unknownField = await getJson(`${companyUrl}/items?$select=number,weight`);
      expect(unknownField.body.error.message).toMatch(/Could not find a property named 'weight'/);
      const segment = await getJson(`${companyUrl}/itemz`);
      expect(segment.res.status).toBe(404);
      expect(segment.body).toEqual({ error: { code: 'BadRequest_ResourceNotFound', message: expect.stringMatching(/^Resource not found for the segment 'itemz'\.  CorrelationId:  [0-9a-f-]{36}\.$/) } });
    });

    it('rejects a missing or revoked token with 401 Authentication_InvalidCredentials', async () => {
      const res = await fetch(`${sim.environmentUrl}/companies`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Authentication_InvalidCredentials');
    });

    it('serves an item picture entity with its media read link, and the raw bytes behind it', async () => {
      const all = await control<Array<{ id: string }>>(sim, 'GET', '/items');
      const { body } = await getJson(`${companyUrl}/items(${all[0].id})/picture`);
      expect(body).toMatchObject({ '@odata.etag': expect.any(String), id: all[0].id, parentType: 'Item', width: expect.any(Number), contentType: 'image/png' });
      expect(body['@odata.context']).toMatch(/\/picture\/\$entity$/);
      const media = await get(body['pictureContent@odata.mediaReadLink']);
      expect(media.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await media.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
      const expanded = await getJson(`${companyUrl}/items?$top=2&$select=number&$expand=picture($select=width,height,contentType)`);
      expect(expanded.body.value[0].picture).toMatchObject({ width: body.width, height: body.height, contentType: 'image/png' });
    });

    it('needs If-Match for PATCH and answers a stale ETag with 409 Request_EntityChanged', async () => {
      const all = await control<Array<{ id: string }>>(sim, 'GET', '/items');
      const url = `${companyUrl}/items(${all[5].id})`;
      const { body: before } = await getJson(url);
      const patch = (headers: Record<string, string>) =>
        fetch(url, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ displayName: 'Śruba zmieniona' }) });
      const noIfMatch = await patch({});
      expect(noIfMatch.status).toBe(400);
      expect(((await noIfMatch.json()) as { error: { code: string } }).error.code).toBe('BadRequest_InvalidToken');
      const ok = await patch({ 'If-Match': before['@odata.etag'] });
      expect(ok.status).toBe(200);
      const after = (await ok.json()) as Record<string, string>;
      expect(after.displayName).toBe('Śruba zmieniona');
      expect(after['@odata.etag']).not.toBe(before['@odata.etag']);
      expect(after.lastModifiedDateTime > before.lastModifiedDateTime).toBe(true);
      const stale = await patch({ 'If-Match': before['@odata.etag'] });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('Request_EntityChanged');
    });

    it('throttles with 429 Application_TooManyRequests and Retry-After past the configured rate', async () => {
      await control(sim, 'DELETE', '/limits'); // fresh window
      await control(sim, 'PUT', '/limits', { rateRequests: 2, retryAfterSeconds: 4 });
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) {
        last = await get(`${sim.environmentUrl}/companies`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(last!.headers.get('retry-after')).toBe('4');
      expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('Application_TooManyRequests');
      await control(sim, 'DELETE', '/limits');
    });
  });
});
