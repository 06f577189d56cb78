import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrestaShopClient } from '../../../src/connectors/prestashop';
import { ConnectorError } from '../../../src/errors/ConnectorError';

/** Outgoing requests go only to the registered shop URL: a redirect elsewhere is refused, the key never leaves. */
describe('PrestaShop client and redirects', () => {
  const seenByOther: string[] = [];
  let other: http.Server;
  let shop: http.Server;
  const listen = (s: http.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

  beforeAll(async () => {
    other = http.createServer((req, res) => {
      seenByOther.push(String(req.headers.authorization ?? ''));
      res.end('{}');
    });
    const otherPort = await listen(other);
    shop = http.createServer((req, res) => {
      res.writeHead(301, { Location: `http://127.0.0.1:${otherPort}${req.url}` });
      res.end();
    });
    await listen(shop);
  });
  afterAll(async () => {
    await new Promise((r) => shop.close(r));
    await new Promise((r) => other.close(r));
  });

  it('does not follow a redirect to another host and reports a configuration error naming the target', async () => {
    const client = new PrestaShopClient({ baseUrl: `http://127.0.0.1:${(shop.address() as AddressInfo).port}`, apiKey: 'K'.repeat(32), version: '8' });
    const err = await client.getProduct(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).code).toBe('CONFIGURATION');
    expect((err as ConnectorError).retryable).toBe(false);
    expect((err as ConnectorError).message).toMatch(/redirect to http:\/\/127\.0\.0\.1:\d+\/api\/products\/1/);
    expect(seenByOther).toEqual([]);
  });
});
