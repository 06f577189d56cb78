import { PrestaShopClient } from '../../src/connectors/prestashop';
import type { PrestaShopSimulator } from '../../src/simulators/prestashop';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { registerTwoLanguageShops } from './twoLanguageShops';
import { api, lastSeq, waitForJob, writeCalls } from '../workflows/syncFixture';
import { deleteShops, updateShop } from '../../src/shops/shopStore';
import { deleteProducts } from '../helpers/products';

/**
 * Texts per shop language, pushed to two simulated shops with different language sets (1.7.8 with pl+en, 8.2 with
 * pl+de) and checked through each shop's webservice.
 */
describe('push of product texts per shop language', () => {
  let stack: TestStack;
  const sims: PrestaShopSimulator[] = [];
  const shopIds: number[] = [];
  const tag = `TR${Date.now().toString(36)}`;
  let productId: number;

  const shopClient = (sim: PrestaShopSimulator) => new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxRequestsPerSecond: 500 });
  const remoteProduct = async (sim: PrestaShopSimulator) => {
    const client = shopClient(sim);
    const [ref] = await client.findProductsByReference(`${tag}-1`);
    return client.getProduct(ref.id);
  };
  const sync = async () => {
    const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds } });
    expect(started.status).toBe(202);
    return waitForJob(stack, started.json.jobId);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await registerTwoLanguageShops(stack, tag, sims, shopIds);
    const created = await api(stack, 'POST', '/products', { role: 'manager', body: { sku: `${tag}-1`, name: 'Młotek ślusarski 500 g', priceNet: '19.99', vatRate: '23', stock: '4' } });
    productId = created.json.id;
    expect((await api(stack, 'PUT', `/products/${productId}/translations/pl`, { role: 'manager', headers: { 'If-Match': '*' }, body: { name: 'Młotek ślusarski 500 g', metaTitle: 'Młotek – sklep' } })).status).toBe(200);
    expect((await api(stack, 'PUT', `/products/${productId}/translations/en`, { role: 'manager', headers: { 'If-Match': '*' }, body: { name: "Fitter's hammer 500 g", description: '<p>Steel head</p>' } })).status).toBe(200);
    expect((await api(stack, 'PUT', `/products/${productId}/translations/de`, { role: 'manager', headers: { 'If-Match': '*' }, body: { name: 'Schlosserhammer Größe 500 g', metaDescription: 'Hammer für Schlosser' } })).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await deleteShops(stack.sequelize, shopIds);
    await deleteProducts(stack.sequelize, { skus: [`${tag}-1`] });
    await stack?.stop();
  });

  it('puts each shop language its own text, meta and friendly URL; an unchanged re-sync writes nothing', async () => {
    const job = await sync();
    expect(job.progress).toMatchObject({ created: 2, failed: 0 });

    const shop17 = await remoteProduct(sims[0]);
    expect(shop17.names).toEqual({ 1: 'Młotek ślusarski 500 g', 2: "Fitter's hammer 500 g" });
    expect(shop17.linkRewrites).toEqual({ 1: 'mlotek-slusarski-500-g', 2: 'fitter-s-hammer-500-g' });
    expect(shop17.descriptions[2]).toBe('<p>Steel head</p>');
    expect(shop17.metaTitles).toEqual({ 1: 'Młotek – sklep', 2: '' });

    const shop82 = await remoteProduct(sims[1]);
    expect(shop82.names).toEqual({ 1: 'Młotek ślusarski 500 g', 2: 'Schlosserhammer Größe 500 g' });
    expect(shop82.linkRewrites).toEqual({ 1: 'mlotek-slusarski-500-g', 2: 'schlosserhammer-groesse-500-g' });
    expect(shop82.metaDescriptions[2]).toBe('Hammer für Schlosser');

    const marks = sims.map(lastSeq);
    const again = await sync();
    expect(again.progress).toMatchObject({ skippedUnchanged: 2, created: 0, updated: 0 });
    expect(sims.map((s, i) => writeCalls(s, marks[i]))).toEqual([0, 0]);
  });

  it('a changed translation updates only the shop that shows that language; a removed one falls back to the central text', async () => {
    await api(stack, 'PUT', `/products/${productId}/translations/en`, { role: 'manager', headers: { 'If-Match': '*' }, body: { name: 'Fitter hammer, 500 g' } });
    const marks = sims.map(lastSeq);
    const job = await sync();
    expect(job.progress).toMatchObject({ updated: 1, skippedUnchanged: 1 });
    expect(writeCalls(sims[1], marks[1])).toBe(0);
    expect(writeCalls(sims[0], marks[0])).toBeGreaterThan(0);
    expect((await remoteProduct(sims[0])).names[2]).toBe('Fitter hammer, 500 g');

    await api(stack, 'DELETE', `/products/${productId}/translations/de`, { role: 'manager', headers: { 'If-Match': '*' } });
    await sync();
    const shop82 = await remoteProduct(sims[1]);
    expect(shop82.names[2]).toBe('Młotek ślusarski 500 g');
    expect(shop82.linkRewrites[2]).toBe('mlotek-slusarski-500-g');
  });
  it('a shop set to refuse missing translations fails the item naming the language and writes nothing there', async () => {
    await updateShop(stack.sequelize, shopIds[1], { missingTranslation: 'refuse' });
    await api(stack, 'PATCH', `/products/${productId}`, { role: 'manager', headers: { 'If-Match': '*' }, body: { priceNet: '21.5' } });
    const marks = sims.map(lastSeq);
    const started = await api(stack, 'POST', `/products/${productId}/sync`, { role: 'user', body: { shopIds } });
    const job = await waitForJob(stack, started.json.jobId);
    expect(job.progress).toMatchObject({ failed: 1 }); // a single-product sync is all or nothing: the other shop is put back
    expect(writeCalls(sims[1], marks[1])).toBe(0);
    const failures = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}/failures`, { role: 'manager' });
    expect(failures.json.items).toEqual([expect.objectContaining({ shopId: shopIds[1], code: 'VALIDATION', message: expect.stringMatching(/no translation for de.*missingTranslation = refuse/) })]);

    await api(stack, 'PUT', `/products/${productId}/translations/de`, { role: 'manager', headers: { 'If-Match': '*' }, body: { name: 'Schlosserhammer 500 g' } });
    const fixed = await sync();
    expect(fixed.progress).toMatchObject({ updated: 2, failed: 0 });
    expect((await remoteProduct(sims[1])).names[2]).toBe('Schlosserhammer 500 g');
  });
});
