import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrestaShopSimulator } from '../../../src/simulators/prestashop';

/** `stateFile`: a simulated shop (what `npm run demo` runs) keeps its products across a restart. */
describe('PrestaShop simulator state file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-sim-state-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const product = (ref: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><prestashop><product><reference>${ref}</reference><price>12.5</price><state>1</state><active>1</active><id_category_default>2</id_category_default><name><language id="1">Łódź ${ref}</language></name><associations><categories><category><id>2</id></category></categories></associations></product></prestashop>`;

  it('writes the shop at stop and loads it at the next start; ids go on from where they were', async () => {
    const stateFile = path.join(dir, 'shop.json');
    const key = 'K'.repeat(32);
    const auth = { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
    const first = await startPrestaShopSimulator({ key, version: '1.7.8', languages: ['pl', 'de'], stateFile });
    const created = await fetch(`${first.url}/api/products?output_format=JSON`, { method: 'POST', headers: auth, body: product('A-1') });
    expect(created.status).toBe(201);
    const before = first.state();
    await first.stop();
    expect(fs.existsSync(stateFile)).toBe(true);

    const second = await startPrestaShopSimulator({ key, version: '1.7.8', languages: ['pl', 'de'], stateFile });
    try {
      expect(second.state()).toEqual(before);
      const next = await fetch(`${second.url}/api/products?output_format=JSON`, { method: 'POST', headers: auth, body: product('A-2') });
      const body = (await next.json()) as { product: { id: number } };
      expect(body.product.id).toBe(2);
      const list = (await (await fetch(`${second.url}/api/products?output_format=JSON&display=[reference]`, { headers: auth })).json()) as { products: { reference: string }[] };
      expect(list.products.map((p) => p.reference)).toEqual(['A-1', 'A-2']);
    } finally {
      await second.stop();
    }
    await expect(startPrestaShopSimulator({ key, version: '8.2', stateFile })).rejects.toThrow(/saved shop is PrestaShop 1.7.8/);
  });
});
