import { startPrestaShopSimulator, type PrestaShopSimulator } from '../../src/simulators/prestashop';
import { prestaShopGateway } from '../../src/shopPush/prestaShopGateway';
import { undoStep, type UndoStep } from '../../src/shopPush/pushItem';
import type { ShopGateway } from '../../src/shopPush/shopGateway';
import type { ShopProductPayload } from '../../src/shopPush/shopPayload';
import { simProducts, simStock } from './syncFixture';

/** Compensation of an update ("restore") against a simulated shop: stock included, and old undo rows without it. */
describe('restore undo step and stock', () => {
  let sim: PrestaShopSimulator;
  let gw: ShopGateway;
  const ref = `UNDO-${Date.now().toString(36)}`;

  const payload = (over: Partial<ShopProductPayload> = {}): ShopProductPayload => ({
    reference: ref,
    name: { '1': 'Kubek', '2': 'Mug' },
    description: { '1': '', '2': '' },
    descriptionShort: { '1': '', '2': '' },
    price: '10.5',
    idTaxRulesGroup: 1,
    ean13: '',
    weight: '0.5',
    active: true,
    quantity: 7,
    categoryIds: [2],
    defaultCategoryId: 2,
    ...over,
  });

  beforeAll(async () => {
    sim = await startPrestaShopSimulator({ version: '8.2', languages: ['pl', 'en'] });
    gw = prestaShopGateway({ shopId: 1, baseUrl: sim.url, apiKey: sim.key, psVersion: '8.2' }, { pl: 1, en: 2 }, { maxConcurrency: 4, maxRequestsPerSecond: 500 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('the before-image carries the stock and a restore puts it back; an old row without quantity restores fields only', async () => {
    const id = await gw.createProduct(payload());
    const before = (await gw.readProduct(id))!;
    expect(before).toMatchObject({ reference: ref, price: '10.5', quantity: 7 });
    const step: UndoStep = { kind: 'restore', reference: ref, remoteId: id, before };
    // The undo log stores the step as JSON (JSONB): round-trip it like the log does.
    const stored = JSON.parse(JSON.stringify(step)) as UndoStep;
    const shopBefore = { products: simProducts(sim), stock: simStock(sim) };

    await gw.updateProduct(id, payload({ price: '99', quantity: 40 }));
    expect(simStock(sim)[id]).toBe(40);
    expect(await undoStep(gw, stored)).toBe(id);
    expect({ products: simProducts(sim), stock: simStock(sim) }).toEqual(shopBefore);

    // A row written before stock was captured (no `quantity` key) still compensates: fields back, stock left alone.
    await gw.updateProduct(id, payload({ price: '55', quantity: 12 }));
    const { quantity: _q, ...oldImage } = before;
    const oldRow = JSON.parse(JSON.stringify({ kind: 'restore', reference: ref, remoteId: id, before: oldImage })) as UndoStep;
    expect(await undoStep(gw, oldRow)).toBe(id);
    expect(simProducts(sim).find((p) => p.id === id)).toMatchObject({ price: '10.5' });
    expect(simStock(sim)[id]).toBe(12);
  });
});
