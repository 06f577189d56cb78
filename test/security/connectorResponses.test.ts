import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicsSource } from '../../src/connectors/dynamics/DynamicsSource';
import { PrestaShopClient } from '../../src/connectors/prestashop';
import { ConnectorError } from '../../src/errors/ConnectorError';

/** Low: Business Central requests never follow redirects; no connector buffers an unbounded answer. */
describe('connector requests to admin-set endpoints', () => {
  const collected: string[] = [];
  const servers: http.Server[] = [];
  const serve = async (handler: http.RequestListener) => {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  let collector: string;
  let redirector: string;
  let tokens: string;
  let huge: string;
  beforeAll(async () => {
    collector = await serve((req, res) => {
      collected.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('{}');
    });
    redirector = await serve((req, res) => {
      res.writeHead(307, { Location: `${collector}${req.url}` });
      res.end();
    });
    tokens = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'tok-123', token_type: 'Bearer', expires_in: 3600 }));
    });
    huge = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const push = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent >= 200) res.end();
        else res.once('drain', push);
      };
      res.on('error', () => undefined);
      push();
    });
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const bc = (tokenUrl: string, apiBaseUrl: string) =>
    new DynamicsSource({ tenantId: `t-${Math.random()}`, clientId: 'c', clientSecret: 'secret-value', environment: 'production', company: 'CRONUS', tokenUrl, apiBaseUrl });

  it('refuses to follow a redirect from the Entra token URL (the client secret never leaves)', async () => {
    const err = await bc(`${redirector}/token`, tokens).testConnection().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toMatch(/redirect/);
    expect(collected).toEqual([]);
  });

  it('refuses to follow a redirect from the Business Central API (the bearer token never leaves)', async () => {
    const err = await bc(`${tokens}/token`, redirector).testConnection().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toMatch(/redirect/);
    expect(collected).toEqual([]);
  });

  it('refuses an answer larger than the cap (token endpoint, BC API, PrestaShop)', async () => {
    const attempts = [
      () => bc(`${huge}/token`, tokens).testConnection(),
      () => bc(`${tokens}/token`, huge).testConnection(),
      () => new PrestaShopClient({ baseUrl: huge, apiKey: 'K'.repeat(32), version: '8' }).getProduct(1),
    ];
    for (const attempt of attempts) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).message).toMatch(/larger than/);
    }
  });
});
