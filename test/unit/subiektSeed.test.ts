import { generateSubiektSeed, invalidProductName } from '../../src/simulators/sqlserver/seed/subiektSeed';

/** The Subiekt GT seed the demo uses (5,000 products): everything a real GT catalogue throws at a pull. */
describe('Subiekt GT seed generator', () => {
  const { tables: t } = generateSubiektSeed({ products: 5000, seed: 42, invalidEvery: 1000 });
  const products = t.tw__Towar;

  it('has realistic Polish products with price levels, VAT rates (incl. zw), two warehouses, groups, EANs and pictures', () => {
    expect(products).toHaveLength(5000);
    expect(products.some((p) => /[ąćęłńóśźż]/i.test(String(p.tw_Nazwa)))).toBe(true);
    expect(Object.keys(t.tw_Parametr[0]).filter((k) => k.startsWith('twp_NazwaCeny'))).toHaveLength(10);
    const vatSymbols = new Set(products.map((p) => t.sl_StawkaVAT.find((v) => v.vat_Id === p.tw_IdVatSp)!.vat_Symbol));
    expect([...vatSymbols].sort()).toEqual(['0', '23', '5', '8', 'np', 'zw']);
    expect(new Set(t.tw_Stan.map((s) => s.st_MagId))).toEqual(new Set([1, 2]));
    expect(new Set(products.map((p) => p.tw_IdGrupa).filter(Boolean)).size).toBe(t.sl_GrupaTw.length);
    expect(products.filter((p) => /^590\d{10}$/.test(String(p.tw_PodstKodKresk))).length).toBeGreaterThan(4000);
    expect(t.tw_ZdjecieTw.length).toBeGreaterThan(100);
    expect(products.filter((p) => p.tw_Zablokowany === 1).length).toBeGreaterThan(10);
  });

  it('marks exactly every invalidEvery-th product with a name shops refuse, and none without the option', () => {
    const invalid = products.filter((p) => /[<>;=#{}]/.test(String(p.tw_Nazwa)));
    expect(invalid.map((p) => p.tw_Nazwa)).toEqual([1000, 2000, 3000, 4000, 5000].map((n) => invalidProductName(Number(products[n - 1].tw_Id))));
    const plain = generateSubiektSeed({ products: 5000, seed: 42 }).tables.tw__Towar;
    expect(plain.filter((p) => /[<>;=#{}]/.test(String(p.tw_Nazwa)))).toEqual([]);
    // the option changes only those names: the rest of the data set is the same
    expect(plain.map((p) => p.tw_Id)).toEqual(products.map((p) => p.tw_Id));
  });
});
