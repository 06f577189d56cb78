import { PrestaShopClient } from '../../src/connectors/prestashop';
import type { PrestaShopSimulator } from '../../src/simulators/prestashop';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { registerTwoLanguageShops } from './twoLanguageShops';
import { api, lastSeq, waitForJob, writeCalls } from '../workflows/syncFixture';
import { deleteShops } from '../../src/shops/shopStore';
import { deleteProducts } from '../helpers/products';

/**
 * Central categories mapped to two simulated shops (1.7.8 pl+en, 8.2 pl+de): created once per shop with names and
 * friendly URLs per shop language, default category and association on the product, deltas only, a category
 * deleted in the shop is mapped again. Checked through each shop's webservice.
 */
describe('push of product categories', () => {
  let stack: TestStack;
  const sims: PrestaShopSimulator[] = [];
  const shopIds: number[] = [];
  const tag = `CP${Date.now().toString(36)}`;
  const cat: Record<string, number> = {};
  const products: number[] = [];

  const client = (sim: PrestaShopSimulator) => new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxRequestsPerSecond: 500 });
  const remoteProduct = async (sim: PrestaShopSimulator, sku: string) => {
    const c = client(sim);
    const [ref] = await c.findProductsByReference(sku);
    return c.getProduct(ref.id);
  };
  const mapped = async (categoryId: number, shopIndex: number) => {
    const res = await api(stack, 'GET', `/categories/shops/${shopIds[shopIndex]}/mapping`, { role: 'user' });
    return res.json.items.find((m: any) => m.categoryId === categoryId)?.remoteId as number | null;
  };
  const syncAll = async () => {
    const done = [];
    for (const id of products) {
      const started = await api(stack, 'POST', `/products/${id}/sync`, { role: 'user', body: { shopIds } });
      done.push(await waitForJob(stack, started.json.jobId));
    }
    return done;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await registerTwoLanguageShops(stack, tag, sims, shopIds);
    const mk = async (key: string, names: Record<string, string>, parentId?: number) => {
      const res = await api(stack, 'POST', '/categories', { role: 'manager', body: { names, ...(parentId ? { parentId } : {}) } });
      expect(res.status).toBe(201);
      cat[key] = res.json.id;
    };
    await mk('tools', { pl: `Narzędzia ${tag}`, en: `Tools ${tag}`, de: `Werkzeuge ${tag}` });
    await mk('hammers', { pl: 'Młotki', en: 'Hammers', de: 'Hämmer' }, cat.tools);
    await mk('promo', { pl: `Promocje ${tag}`, en: `Deals ${tag}` });
    for (const [i, cats] of [[cat.hammers, cat.promo], [cat.hammers]].entries()) {
      const created = await api(stack, 'POST', '/products', { role: 'manager', body: { sku: `${tag}-${i}`, name: `Młotek ${i}`, priceNet: '10', vatRate: '23', stock: '3' } });
      products.push(created.json.id);
      expect((await api(stack, 'PUT', `/products/${created.json.id}/categories`, { role: 'manager', headers: { 'If-Match': '*' }, body: { categoryIds: cats, defaultCategoryId: cat.hammers } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await deleteShops(stack.sequelize, shopIds);
    await deleteProducts(stack.sequelize, { skus: products.map((_, i) => `${tag}-${i}`) });
    await stack?.stop();
  });

  it('creates each category once per shop, with names per shop language, and files the products under them', async () => {
    const jobs = await syncAll();
    for (const j of jobs) expect(j.progress).toMatchObject({ created: 2, failed: 0 });
    for (const [i, sim] of sims.entries()) {
      const c = client(sim);
      const toolsId = (await mapped(cat.tools, i))!;
      const hammersId = (await mapped(cat.hammers, i))!;
      const promoId = (await mapped(cat.promo, i))!;
      expect([toolsId, hammersId, promoId].every((id) => id > 2)).toBe(true);
      const top = await c.listChildCategories(2);
      expect(top.filter((k) => k.names[1] === `Narzędzia ${tag}`)).toHaveLength(1);
      const under = await c.listChildCategories(toolsId);
      expect(under).toEqual([{ id: hammersId, names: i === 0 ? { 1: 'Młotki', 2: 'Hammers' } : { 1: 'Młotki', 2: 'Hämmer' } }]);
      const p0 = await remoteProduct(sim, `${tag}-0`);
      expect(p0.defaultCategoryId).toBe(hammersId);
      expect([...p0.categoryIds].sort((a, b) => a - b)).toEqual([hammersId, promoId].sort((a, b) => a - b));
      const p1 = await remoteProduct(sim, `${tag}-1`);
      expect(p1.categoryIds).toEqual([hammersId]);
    }
    // The de shop's friendly URL is transliterated.
    const raw = sims[1].state() as { categories: Array<{ id: number; i18n: Record<string, Record<number, string>> }> };
    const hammersDe = await mapped(cat.hammers, 1);
    expect(raw.categories.find((c) => c.id === hammersDe)!.i18n.link_rewrite).toEqual({ 1: 'mlotki', 2: 'haemmer' });
    // A language without a name (promo has no German one) gets the default language's name.
    const promoDe = await mapped(cat.promo, 1);
    expect((await client(sims[1]).listChildCategories(2)).find((k) => k.id === promoDe)!.names).toEqual({ 1: `Promocje ${tag}`, 2: `Promocje ${tag}` });
  });

  it('an unchanged re-sync writes nothing; a category change rewrites only that product', async () => {
    let marks = sims.map(lastSeq);
    await syncAll();
    expect(sims.map((s, i) => writeCalls(s, marks[i]))).toEqual([0, 0]);

    await api(stack, 'PUT', `/products/${products[0]}/categories`, { role: 'manager', headers: { 'If-Match': '*' }, body: { categoryIds: [cat.hammers] } });
    marks = sims.map(lastSeq);
    const jobs = await syncAll();
    expect(jobs[0].progress).toMatchObject({ updated: 2 });
    expect(jobs[1].progress).toMatchObject({ skippedUnchanged: 2 });
    for (const [i, sim] of sims.entries()) {
      const writes = sim.requests(marks[i]).filter((r) => r.write);
      expect(writes.some((r) => /categories/.test(r.path))).toBe(false);
      expect((await remoteProduct(sim, `${tag}-0`)).categoryIds).toEqual([(await mapped(cat.hammers, i))!]);
    }
  });

  it('a shop category deleted in the shop is detected and created again', async () => {
    const oldPromo = (await mapped(cat.promo, 0))!;
    await client(sims[0]).deleteCategory(oldPromo);
    await api(stack, 'PUT', `/products/${products[1]}/categories`, { role: 'manager', headers: { 'If-Match': '*' }, body: { categoryIds: [cat.hammers, cat.promo], defaultCategoryId: cat.hammers } });
    await syncAll();
    const newPromo = (await mapped(cat.promo, 0))!;
    expect(newPromo).not.toBe(oldPromo);
    expect((await client(sims[0]).existingCategoryIds([newPromo])).has(newPromo)).toBe(true);
    expect([...(await remoteProduct(sims[0], `${tag}-1`)).categoryIds].sort((a, b) => a - b)).toEqual([(await mapped(cat.hammers, 0))!, newPromo].sort((a, b) => a - b));
  });
});
