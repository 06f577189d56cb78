import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { PrestaShopClient } from '../../src/connectors/prestashop';
import { startErpPull } from '../../src/erpPull/startErpPull';
import { startBulkJob } from '../../src/jobs/jobStarter';
import type { PrestaShopSimulator } from '../../src/simulators/prestashop';
import { type SqlServerSimulator, startSqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';
import { createSubiektSource } from '../erpPull/erpTestSources';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { registerTwoLanguageShops } from './twoLanguageShops';
import { api, lastSeq, waitForJob } from '../workflows/syncFixture';
import { deleteShops } from '../../src/shops/shopStore';
import { deleteProducts } from '../helpers/products';

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/**
 * The whole way, checked through each shop's webservice: a Subiekt GT pull (products in several groups, placed
 * under a nested central parent, with pictures), then one bulk create to a 1.7.8 shop (pl+en) and an 8.2 shop
 * (pl+de): every product in its group's category in each shop (each category created once per shop), its pictures
 * in order with the right cover, its name in every shop language (the catalogue's text where a language has no
 * translation); a re-sync of the unchanged catalogue writes nothing.
 */
describe('ERP pull → bulk create: complete products in two shops', () => {
  let stack: TestStack;
  let erp: SqlServerSimulator;
  const sims: PrestaShopSimulator[] = [];
  const shopIds: number[] = [];
  let sourceId = 0;
  let productIds: number[] = [];
  const tag = `ES${Date.now().toString(36)}`;
  const client = (sim: PrestaShopSimulator) => new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxRequestsPerSecond: 500 });
  const bulk = async (operation: 'create' | 'update') => {
    const { jobId } = await startBulkJob(
      { temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
      { operation, productIds, shopIds, onFailure: 'continue', userId: 'user:test' },
    );
    return waitForJob(stack, jobId, undefined, 120_000);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    erp = await startSqlServerSimulator({ databaseUrl: process.env.DATABASE_URL!, schema: `subiekt_sim_e2e_${process.pid}`, seed: { products: 12, seed: 41 } });
    const [top] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Sklep ${tag}`], type: QueryTypes.SELECT });
    const [nested] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name, parent_id) VALUES ($1, $2) RETURNING id`, { bind: [`Z Subiekta ${tag}`, top.id], type: QueryTypes.SELECT });
    sourceId = await createSubiektSource(stack.sequelize, stack.config, erp, {
      name: `Subiekt ${tag}`,
      settings: { priceLevel: 1, warehouseIds: [1], importPictures: true },
      categoryParentId: nested.id,
    });
    await registerTwoLanguageShops(stack, tag, sims, shopIds, { '23': 1, '8': 1, '5': 1, '0': 1 });
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await deleteShops(stack.sequelize, shopIds);
    if (productIds.length) await deleteProducts(stack.sequelize, { ids: productIds });
    await erp?.stop();
    await stack?.stop();
  });

  it('puts every pulled product in its category in each shop, with its pictures, cover and text in each language', async () => {
    const pulled = await (await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId, pageSize: 10 })).handle.result();
    expect(pulled.counters.picturesDownloaded).toBeGreaterThan(0);
    const products = await stack.sequelize.query<{ id: number; sku: string; name: string; groups: number }>(
      `SELECT p.id, p.sku, p.name, (SELECT count(*)::int FROM product_categories pc WHERE pc.product_id = p.id) AS groups
         FROM products p WHERE p.erp_source_id = $1 AND p.status = 'active' ORDER BY p.id`,
      { bind: [sourceId], type: QueryTypes.SELECT },
    );
    productIds = products.map((p) => p.id);
    expect(products.length).toBeGreaterThan(3);
    const groupCategories = await stack.sequelize.query<{ id: number }>(`SELECT id FROM categories WHERE erp_source_id = $1`, { bind: [sourceId], type: QueryTypes.SELECT });
    expect(groupCategories.length).toBeGreaterThan(1);

    const marks = sims.map(lastSeq);
    const job = await bulk('create');
    expect(job.progress).toMatchObject({ created: products.length * 2, failed: 0 });

    for (const [i, sim] of sims.entries()) {
      const c = client(sim);
      // Categories: the two parents and each group used, created once in this shop.
      const categoryPosts = sim.requests(marks[i]).filter((r) => r.method === 'POST' && r.path.startsWith('/api/categories'));
      const mapping = (await api(stack, 'GET', `/categories/shops/${shopIds[i]}/mapping`, { role: 'user' })).json.items as Array<{ categoryId: number; remoteId: number | null }>;
      const remoteOf = new Map(mapping.map((m) => [m.categoryId, m.remoteId]));
      const usedGroups = new Set<number>();
      const languageIds = Object.values(i === 0 ? { pl: 1, en: 2 } : { pl: 1, de: 2 });
      for (const p of products) {
        const [ref] = await c.findProductsByReference(p.sku);
        expect(ref).toBeDefined();
        const shopProduct = await c.getProduct(ref.id);
        const central = await stack.sequelize.query<{ category_id: number }>(`SELECT category_id FROM product_categories WHERE product_id = $1`, { bind: [p.id], type: QueryTypes.SELECT });
        central.forEach((r) => usedGroups.add(r.category_id));
        const expected = central.map((r) => remoteOf.get(r.category_id));
        expect(expected.every((id) => typeof id === 'number')).toBe(true);
        for (const id of expected) expect(shopProduct.categoryIds).toContain(id);
        // Text in every shop language: no translations were set, so each language shows the catalogue's name.
        for (const lang of languageIds) expect(shopProduct.names[lang]).toBe(p.name);
        // Pictures in the central order, with the central cover.
        const images = (await api(stack, 'GET', `/products/${p.id}/images`, { role: 'user' })).json.items as Array<{ sha256: string; cover: boolean }>;
        const shopIdsOfImages = await c.listProductImageIds(ref.id);
        const order: string[] = [];
        for (const iid of shopIdsOfImages) order.push(sha((await c.downloadProductImage(ref.id, iid)).bytes));
        expect(order).toEqual(images.map((im) => im.sha256));
        if (images.length) {
          const bin = await fetch(`${sim.url}/api/images/products/${ref.id}/bin`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.key}:`).toString('base64')}` } });
          expect(bin.status).toBe(200);
          expect(sha(new Uint8Array(await bin.arrayBuffer()))).toBe(images.find((im) => im.cover)!.sha256);
        }
      }
      // Each central category the products use, plus its two ancestors, is created exactly once in this shop.
      expect(categoryPosts).toHaveLength(usedGroups.size + 2);
    }
    const withImages = await stack.sequelize.query<{ n: number }>(`SELECT count(DISTINCT product_id)::int AS n FROM product_images WHERE product_id = ANY($1::int[])`, { bind: [productIds], type: QueryTypes.SELECT });
    expect(withImages[0].n).toBeGreaterThan(0);
  });

  it('a re-sync of the unchanged catalogue writes nothing to either shop', async () => {
    const marks = sims.map(lastSeq);
    const job = await bulk('update');
    expect(job.progress).toMatchObject({ failed: 0, skippedUnchanged: productIds.length * 2 });
    for (const [i, sim] of sims.entries()) expect(sim.requests(marks[i]).filter((r) => r.write)).toEqual([]);
  });
});
