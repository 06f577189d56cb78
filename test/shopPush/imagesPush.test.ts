import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { PrestaShopClient } from '../../src/connectors/prestashop';
import { startBulkJob } from '../../src/jobs/jobStarter';
import { solidPng } from '../../src/simulators/dynamics/pngImage';
import type { PrestaShopSimulator } from '../../src/simulators/prestashop';
import type { LoggedRequest } from '../../src/simulators/prestashop/requestLog';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { registerTwoLanguageShops } from './twoLanguageShops';
import { api, lastSeq, waitForJob } from '../workflows/syncFixture';
import { deleteShops, updateShop } from '../../src/shops/shopStore';
import { deleteProducts } from '../helpers/products';

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
/** `GET images`, `POST products`, … — what a call did, without ids. */
const kind = (r: LoggedRequest) => `${r.method} ${r.path.replace(/^\/api\//, '').split('/')[0]}`;
const tally = (rs: LoggedRequest[]) => rs.reduce<Record<string, number>>((acc, r) => ((acc[kind(r)] = (acc[kind(r)] ?? 0) + 1), acc), {});

/**
 * Product images pushed to two simulated shops (1.7.8 pl+en, 8.2 pl+de), checked through each shop's webservice:
 * a create lands with its images in order and the right cover (and its categories); an unchanged re-sync calls
 * nothing that writes; replacing one image is one delete and one upload; a compensated job puts images and the
 * categories it created back as they were.
 */
describe('push of product images', () => {
  let stack: TestStack;
  const sims: PrestaShopSimulator[] = [];
  const shopIds: number[] = [];
  const tag = `IP${Date.now().toString(36)}`;
  const cat: Record<string, number> = {};
  let productId = 0;
  const extra: number[] = [];
  const png = (rgb: [number, number, number]) => solidPng(2, 2, rgb);
  const A = png([200, 0, 0]);
  const B = png([0, 200, 0]);
  const C = png([0, 0, 200]);
  const D = png([200, 200, 0]);
  const E = png([0, 200, 200]);

  const client = (sim: PrestaShopSimulator) => new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, maxRequestsPerSecond: 500 });
  const write = { role: 'manager' as const, headers: { 'If-Match': '*' } };
  const upload = async (id: number, bytes: Buffer) => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${stack.baseUrl}/api/v1/products/${id}/images`, { method: 'POST', headers: { ...(await stack.authHeaders('manager')), 'If-Match': '*' }, body: form });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  const centralImages = async (id: number) => (await api(stack, 'GET', `/products/${id}/images`, { role: 'user' })).json.items as Array<{ id: number; sha256: string; cover: boolean }>;
  /** The product's images as the shop serves them: contents in position order and the cover's content. */
  const shopImages = async (sim: PrestaShopSimulator, sku: string) => {
    const c = client(sim);
    const [ref] = await c.findProductsByReference(sku);
    const ids = await c.listProductImageIds(ref.id);
    const order: string[] = [];
    for (const iid of ids) order.push(sha((await c.downloadProductImage(ref.id, iid)).bytes));
    const bin = await fetch(`${sim.url}/api/images/products/${ref.id}/bin`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.key}:`).toString('base64')}` } });
    const cover = bin.status === 200 ? sha(new Uint8Array(await bin.arrayBuffer())) : null;
    return { order, cover, categoryIds: [...(await c.getProduct(ref.id)).categoryIds].sort((a, b) => a - b) };
  };
  const mapped = async (categoryId: number, shopIndex: number) => {
    const res = await api(stack, 'GET', `/categories/shops/${shopIds[shopIndex]}/mapping`, { role: 'user' });
    return (res.json.items.find((m: any) => m.categoryId === categoryId)?.remoteId ?? null) as number | null;
  };
  const syncOne = async (id: number) => {
    const started = await api(stack, 'POST', `/products/${id}/sync`, { role: 'user', body: { shopIds } });
    return waitForJob(stack, started.json.jobId);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await registerTwoLanguageShops(stack, tag, sims, shopIds);
    for (const [key, names] of Object.entries({ saws: { pl: `Piły ${tag}`, en: `Saws ${tag}`, de: `Sägen ${tag}` }, sale: { pl: `Wyprzedaż ${tag}` }, fresh: { pl: `Nowości ${tag}` } })) {
      const res = await api(stack, 'POST', '/categories', { role: 'manager', body: { names } });
      expect(res.status).toBe(201);
      cat[key] = res.json.id;
    }
    const created = await api(stack, 'POST', '/products', { role: 'manager', body: { sku: `${tag}-P`, name: 'Piła płatnica', priceNet: '49', vatRate: '23', stock: '4' } });
    productId = created.json.id;
    expect((await api(stack, 'PUT', `/products/${productId}/categories`, { ...write, body: { categoryIds: [cat.saws, cat.sale], defaultCategoryId: cat.saws } })).status).toBe(200);
    await api(stack, 'PUT', `/products/${productId}/translations/en`, { ...write, body: { name: 'Hand saw' } });
    await api(stack, 'PUT', `/products/${productId}/translations/de`, { ...write, body: { name: 'Handsäge' } });
    const ids = [await upload(productId, A), await upload(productId, B), await upload(productId, C)];
    // The cover is the second image (the shop makes the first upload its cover: the push must move it).
    expect((await api(stack, 'PATCH', `/products/${productId}/images/${ids[1]}`, { ...write, body: { cover: true, alt: { pl: 'Piła z boku', en: 'Saw, side view' } } })).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await deleteShops(stack.sequelize, shopIds);
    await deleteProducts(stack.sequelize, { ids: [productId, ...extra] });
    await stack?.stop();
  });

  it('a create lands with its three images in order, the right cover and both categories', async () => {
    const marks = sims.map(lastSeq);
    const job = await syncOne(productId);
    expect(job.progress).toMatchObject({ created: 2, failed: 0 });
    const central = await centralImages(productId);
    for (const [i, sim] of sims.entries()) {
      const calls = sim.requests(marks[i]);
      // The measurement the issue asks for (calls per product, this shop): printed for the report.
      console.log(`create with 3 images + 2 categories, PrestaShop ${i === 0 ? '1.7.8' : '8.2'}: ${calls.length} calls (${calls.filter((r) => r.write).length} writes) ${JSON.stringify(tally(calls))}`);
      expect(calls.filter((r) => r.method === 'POST' && r.path.startsWith('/api/images/'))).toHaveLength(3);
      const shop = await shopImages(sim, `${tag}-P`);
      expect(shop.order).toEqual(central.map((c) => c.sha256));
      expect(shop.cover).toBe(sha(B));
      expect(shop.categoryIds).toEqual([(await mapped(cat.saws, i))!, (await mapped(cat.sale, i))!].sort((a, b) => a - b));
    }
  });

  it('an unchanged re-sync makes no write call of any kind', async () => {
    const marks = sims.map(lastSeq);
    const job = await syncOne(productId);
    expect(job.progress).toMatchObject({ skippedUnchanged: 2 });
    for (const [i, sim] of sims.entries()) {
      const calls = sim.requests(marks[i]);
      console.log(`unchanged re-sync, PrestaShop ${i === 0 ? '1.7.8' : '8.2'}: ${calls.length} calls (${calls.filter((r) => r.write).length} writes) ${JSON.stringify(tally(calls))}`);
      expect(calls.filter((r) => r.write)).toEqual([]);
      expect(calls.filter((r) => r.path.startsWith('/api/images/'))).toEqual([]);
    }
  });

  it('replacing one image is exactly one delete and one upload', async () => {
    const before = await centralImages(productId);
    await api(stack, 'DELETE', `/products/${productId}/images/${before[2].id}`, write);
    await upload(productId, D);
    const marks = sims.map(lastSeq);
    const job = await syncOne(productId);
    expect(job.progress).toMatchObject({ updated: 2 });
    for (const [i, sim] of sims.entries()) {
      expect(tally(sim.requests(marks[i]).filter((r) => r.write))).toEqual({ 'DELETE images': 1, 'POST images': 1 });
      expect(await shopImages(sim, `${tag}-P`)).toMatchObject({ order: [sha(A), sha(B), sha(D)], cover: sha(B) });
    }
    // A new order is only as many calls as it needs: moving the last image first re-uploads the two it passes.
    const now = await centralImages(productId);
    await api(stack, 'PUT', `/products/${productId}/images/order`, { ...write, body: { imageIds: [now[2].id, now[0].id, now[1].id] } });
    await syncOne(productId);
    for (const sim of sims) expect(await shopImages(sim, `${tag}-P`)).toMatchObject({ order: [sha(D), sha(A), sha(B)], cover: sha(B) });
  });

  it('a compensated job leaves the images and the categories it created as they were', async () => {
    const before = await Promise.all(sims.map((s) => shopImages(s, `${tag}-P`)));
    // The product changes images, cover and gains a category no shop has yet; a second product fails (bad EAN).
    const now = await centralImages(productId);
    await api(stack, 'DELETE', `/products/${productId}/images/${now.find((i) => i.sha256 === sha(A))!.id}`, write);
    const e = await upload(productId, E);
    await api(stack, 'PATCH', `/products/${productId}/images/${e}`, { ...write, body: { cover: true } });
    await api(stack, 'PUT', `/products/${productId}/categories`, { ...write, body: { categoryIds: [cat.saws, cat.sale, cat.fresh], defaultCategoryId: cat.saws } });
    const bad = await api(stack, 'POST', '/products', { role: 'manager', body: { sku: `${tag}-Q`, name: 'Piła zła', priceNet: '5', vatRate: '23', stock: '1', ean: '5901234123457' } });
    extra.push(bad.json.id);
    await stack.sequelize.query(`UPDATE products SET ean = 'NOT-AN-EAN' WHERE id = $1`, { bind: [bad.json.id] });
    const { jobId } = await startBulkJob(
      { temporal: stack.temporal, sequelize: stack.sequelize, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
      { operation: 'create', productIds: [productId, bad.json.id], shopIds, onFailure: 'compensate', userId: 'user:test', tuning: { batchSize: 1, batchesPerShop: 1 } },
    );
    const job = await waitForJob(stack, jobId);
    expect(job.status).toBe('failed');
    expect(job.progress.compensationFailed).toBe(0);
    const touched = await stack.sequelize.query(`SELECT 1 FROM job_image_undo WHERE job_id = $1`, { bind: [jobId], type: QueryTypes.SELECT });
    expect(touched).toHaveLength(2); // the job did change the product's images in both shops before it failed
    for (const [i, sim] of sims.entries()) {
      expect(await shopImages(sim, `${tag}-P`)).toEqual(before[i]);
      expect(await mapped(cat.fresh, i)).toBeNull();
      expect((await client(sim).listChildCategories(2)).some((k) => k.names[1] === `Nowości ${tag}`)).toBe(false);
    }
    // The next push puts the central state in the shops again (the ledger matches what compensation left).
    const again = await syncOne(productId);
    expect(again.progress).toMatchObject({ updated: 2 });
    for (const sim of sims) expect(await shopImages(sim, `${tag}-P`)).toMatchObject({ order: [sha(D), sha(B), sha(E)], cover: sha(E) });
  });
  it('an upload whose answer never came is not repeated: the retry finds the image it made', async () => {
    const F = png([120, 60, 30]);
    await upload(productId, F);
    const marks = sims.map(lastSeq);
    sims.forEach((s) => s.setFaults({ hangAfterWriteNext: 1 }));
    try {
      const job = await syncOne(productId);
      expect(job.status).toBe('completed');
    } finally {
      sims.forEach((s) => s.clearFaults());
    }
    for (const [i, sim] of sims.entries()) {
      expect(tally(sim.requests(marks[i]).filter((r) => r.write))).toEqual({ 'POST images': 1 });
      expect(sim.requests(marks[i]).some((r) => kind(r) === 'GET images')).toBe(true);
      expect(await shopImages(sim, `${tag}-P`)).toMatchObject({ order: [sha(D), sha(B), sha(E), sha(F)], cover: sha(E) });
    }
    const marks2 = sims.map(lastSeq);
    await syncOne(productId);
    expect(sims.map((s, i) => s.requests(marks2[i]).filter((r) => r.write).length)).toEqual([0, 0]);
  });
  it('a single-product sync that fails in one shop puts the images it pushed to the other back', async () => {
    await api(stack, 'DELETE', `/products/${productId}/translations/de`, write);
    await updateShop(stack.sequelize, shopIds[1], { missingTranslation: 'refuse' });
    const before = await shopImages(sims[0], `${tag}-P`);
    const now = await centralImages(productId);
    await api(stack, 'DELETE', `/products/${productId}/images/${now[0].id}`, write);
    await upload(productId, png([10, 20, 30]));
    const failed = await syncOne(productId);
    expect(failed.status).toBe('failed');
    expect(failed.progress.compensationFailed).toBe(0);
    expect(await shopImages(sims[0], `${tag}-P`)).toEqual(before);
    await updateShop(stack.sequelize, shopIds[1], { missingTranslation: 'fallback' });
    expect((await syncOne(productId)).progress).toMatchObject({ updated: 2, failed: 0 });
    const central = await centralImages(productId);
    for (const sim of sims) expect((await shopImages(sim, `${tag}-P`)).order).toEqual(central.map((c) => c.sha256));
  });
});
