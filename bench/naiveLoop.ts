import { PrestaShopClient } from '../src/connectors/prestashop';
import { startPrestaShopSimulator } from '../src/simulators/prestashop';

/**
 * The script a user would write without PPM: for each product, look it up by reference, create it, set its stock —
 * one call after another with the connector. Timed on `sample` products against one shop at `latencyMs` per call.
 */
export async function naiveLoop(sample: number, latencyMs: number): Promise<{ perProductMs: number; callsPerProduct: number }> {
  const sim = await startPrestaShopSimulator({ shopName: 'naive' });
  try {
    sim.setFaults({ latencyMs: { min: latencyMs, max: latencyMs } });
    const client = new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, version: '8', languages: { pl: 1, en: 2 }, maxConcurrency: 1, maxRequestsPerSecond: 1000 });
    const started = Date.now();
    for (let i = 0; i < sample; i++) {
      const reference = `NAIVE-${i}`;
      const found = await client.findProductsByReference(reference);
      if (found.length) continue;
      const p = await client.createProduct({ reference, names: { 1: `Produkt ${i}`, 2: `Product ${i}` }, price: '10.00', idTaxRulesGroup: 1, active: true, categoryIds: [2], defaultCategoryId: 2 });
      await client.setStock(p.id, i % 50);
    }
    const ms = Date.now() - started;
    const calls = sim.requests(0).filter((r) => r.path.startsWith('/api/')).length;
    return { perProductMs: ms / sample, callsPerProduct: calls / sample };
  } finally {
    await sim.stop();
  }
}
