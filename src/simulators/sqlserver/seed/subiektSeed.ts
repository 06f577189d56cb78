import zlib from 'node:zlib';
import { Prng } from './prng';
import { ATTRIBUTES, BRANDS, FEATURES, GROUPS, PANGRAM_NAME, PRICE_LEVEL_NAMES, PRODUCT_NOUNS, UNITS } from './polishWords';

export type SeedRow = Record<string, string | number | Buffer | null>;

export interface SubiektSeedData {
  tables: Record<string, SeedRow[]>;
}

export interface SeedOptions {
  products: number;
  seed?: number;
  /**
   * Every N-th product (N, 2N, …) gets a name a shop refuses (PrestaShop's isCatalogName forbids <>;=#{}):
   * valid in the ERP, failing per item on the push, as real catalogues have a few. Off when absent.
   */
  invalidEvery?: number;
}

/** The name of an "invalid" product: characters PrestaShop refuses in catalogue names. */
export const invalidProductName = (id: number) => `Zestaw <PROMO> #${id} {wyprzedaż}`;

/** The VAT dictionary: "zw" (exempt) and "np" (not subject) both have rate 0, like the real sl_StawkaVAT. */
export const SEED_VAT = [
  { vat_Id: 100, vat_Nazwa: '23%', vat_Stawka: '23.0000', vat_Symbol: '23', share: 0.7 },
  { vat_Id: 101, vat_Nazwa: '8%', vat_Stawka: '8.0000', vat_Symbol: '8', share: 0.1 },
  { vat_Id: 102, vat_Nazwa: '5%', vat_Stawka: '5.0000', vat_Symbol: '5', share: 0.08 },
  { vat_Id: 103, vat_Nazwa: '0%', vat_Stawka: '0.0000', vat_Symbol: '0', share: 0.05 },
  { vat_Id: 104, vat_Nazwa: 'zwolniony', vat_Stawka: '0.0000', vat_Symbol: 'zw', share: 0.05 },
  { vat_Id: 105, vat_Nazwa: 'nie podlega', vat_Stawka: '0.0000', vat_Symbol: 'np', share: 0.02 },
];

function ean13(prng: Prng): string {
  let digits = '590';
  for (let i = 0; i < 9; i++) digits += String(prng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + String((10 - (sum % 10)) % 10);
}

function money(v: number, decimals = 2): string {
  return v.toFixed(decimals);
}

function pictureBytes(prng: Prng, size: number): Buffer {
  const png = prng.chance(0.5);
  const head = png ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) : Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = prng.int(0, 255);
  return Buffer.concat([head, body]);
}

/** zd_CRC as the simulator computes it: CRC-32 of the bytes as a signed int [GT's real algorithm unconfirmed]. */
export function pictureCrc(bytes: Buffer): number {
  return zlib.crc32(bytes) | 0;
}

/**
 * Generates a realistic Subiekt GT data set: N products with Polish names, 10 price levels, VAT 23/8/5/0/zw/np,
 * two warehouses (a few products without a row in the second), groups, features, EANs (some repeated in
 * tw_KodKreskowy), a few blocked/deleted products, services, and a few pictures with CRCs. Product ids have gaps.
 * With `invalidEvery`, a few products carry names a shop refuses.
 * Product #1 is the CP1250 witness: its name holds every Polish letter.
 */
export function generateSubiektSeed(opts: SeedOptions): SubiektSeedData {
  const prng = new Prng(opts.seed ?? 42);
  const t: Record<string, SeedRow[]> = {
    sl_StawkaVAT: SEED_VAT.map((v, i) => ({ vat_Id: v.vat_Id, vat_Nazwa: v.vat_Nazwa, vat_Stawka: v.vat_Stawka, vat_Symbol: v.vat_Symbol, vat_CzySystemowa: 1, vat_CzyWidoczna: 1, vat_Pozycja: i, vat_Rodzaj: 0 })),
    sl_Magazyn: [
      { mag_Id: 1, mag_Symbol: 'MAG', mag_Nazwa: 'Magazyn główny', mag_Status: 1, mag_Opis: null, mag_Glowny: 1, mag_POS: 0 },
      { mag_Id: 2, mag_Symbol: 'SKL', mag_Nazwa: 'Sklep Łódź', mag_Status: 1, mag_Opis: 'Sklep stacjonarny', mag_Glowny: 0, mag_POS: 1 },
    ],
    sl_GrupaTw: GROUPS.map((g, i) => ({ grt_Id: i + 1, grt_Nazwa: g, grt_NrAnalityka: null })),
    sl_CechaTw: FEATURES.map((f, i) => ({ ctw_Id: i + 1, ctw_Nazwa: f })),
    tw_Parametr: [
      {
        ...Object.fromEntries(PRICE_LEVEL_NAMES.map((n, i) => [`twp_NazwaCeny${i + 1}`, n])),
        ...Object.fromEntries(PRICE_LEVEL_NAMES.map((_, i) => [`twp_WalutaCeny${i + 1}`, i === 6 ? 'EUR' : 'PLN'])),
        twp_StawkaVAT: 100,
        twp_JednMiary: 'szt.',
        twp_ArchiwizujCeny: 0,
        twp_UstawiajZdjecia: 1,
      },
    ],
    tw__Towar: [],
    tw_Cena: [],
    tw_Stan: [],
    tw_KodKreskowy: [],
    tw_CechaTw: [],
    tw_ZdjecieTw: [],
  };
  let id = 0;
  let kk = 0;
  let cht = 0;
  let zd = 0;
  for (let n = 0; n < opts.products; n++) {
    id += n === 0 ? 1 : prng.int(1, 3); // ids are allocated by GT, not contiguous
    const vat = (() => {
      let r = prng.next();
      for (const v of SEED_VAT) {
        if ((r -= v.share) < 0) return v;
      }
      return SEED_VAT[0];
    })();
    const service = n > 0 && prng.chance(0.03);
    const generated = n === 0 ? PANGRAM_NAME : `${prng.pick(PRODUCT_NOUNS)} ${prng.pick(BRANDS)} ${prng.pick(ATTRIBUTES)}`.slice(0, 50);
    const name = opts.invalidEvery && (n + 1) % opts.invalidEvery === 0 ? invalidProductName(id) : generated;
    const ean = prng.chance(0.9) ? ean13(prng) : '';
    const unit = service ? 'usł.' : prng.pick(UNITS);
    t.tw__Towar.push({
      tw_Id: id,
      tw_Zablokowany: n > 0 && prng.chance(0.02) ? 1 : 0,
      tw_Rodzaj: service ? 2 : 1,
      tw_Symbol: `TW-${String(id).padStart(6, '0')}`,
      tw_Nazwa: name,
      tw_Opis: n === 0 ? 'Opis: źdźbło, łódź, żółw, ćma, ŚWIĘTA' : prng.chance(0.7) ? `${name} — produkt marki ${prng.pick(BRANDS)}` : '',
      tw_IdVatSp: vat.vat_Id,
      tw_IdVatZak: vat.vat_Id,
      tw_JakPrzySp: 1,
      tw_JednMiary: unit,
      tw_PKWiU: '',
      tw_SWW: '',
      tw_IdPodstDostawca: null,
      tw_DostSymbol: '',
      tw_CzasDostawy: prng.chance(0.5) ? prng.int(1, 14) : null,
      tw_UrzNazwa: name.slice(0, 40),
      tw_PodstKodKresk: ean,
      tw_CenaOtwarta: 0,
      tw_StanMin: null,
      tw_IdGrupa: prng.chance(0.95) ? prng.int(1, GROUPS.length) : null,
      tw_WWW: '',
      tw_SklepInternet: prng.chance(0.7) ? 1 : 0,
      tw_Uwagi: '',
      tw_Usuniety: n > 0 && prng.chance(0.02) ? 1 : 0,
      tw_Masa: service ? null : money(prng.next() * 25, 4),
      tw_Charakter: prng.chance(0.2) ? `<p>${name}. Długi opis produktu z polskimi znakami: ąćęłńóśźż.</p>` : null,
      tw_JednMiaryZak: unit,
      tw_JednMiarySprz: unit,
      tw_KodTowaru: null,
      tw_IdProducenta: null,
      tw_DataZmianyVatSprzedazy: prng.chance(0.1) ? `2024-0${prng.int(1, 9)}-1${prng.int(0, 9)} 1${prng.int(0, 9)}:3${prng.int(0, 9)}:00.000` : null,
    });
    const rate = Number(vat.vat_Stawka) / 100;
    const base = prng.int(100, 500_000) / 100;
    const price: SeedRow = { tc_Id: id, tc_IdTowar: id, tc_WalutaId: null, tc_PodstawaKC: 0, tc_DataKursuWaluty: null };
    price.tc_CenaNetto0 = money(base * 0.6, 4);
    price.tc_CenaBrutto0 = money(base * 0.6 * (1 + rate), 4);
    price.tc_IdWaluta0 = 'PLN';
    for (let lvl = 1; lvl <= 10; lvl++) {
      const present = lvl <= 3 || prng.chance(0.6);
      // a few prices carry 4 decimals (money keeps them; they must survive to the hash)
      const net = base * (1 - (lvl - 1) * 0.03);
      const decimals = prng.chance(0.1) ? 4 : 2;
      price[`tc_CenaNetto${lvl}`] = present ? money(net, decimals) : null;
      price[`tc_CenaBrutto${lvl}`] = present ? money(net * (1 + rate), 2) : null;
      price[`tc_IdWaluta${lvl}`] = lvl === 7 ? 'EUR' : 'PLN';
    }
    t.tw_Cena.push(price);
    if (!service) {
      for (const mag of [1, 2]) {
        if (mag === 2 && prng.chance(0.05)) continue; // no tw_Stan row in the shop for some products
        const unitDecimals = unit === 'kg' || unit === 'm' || unit === 'l' ? 3 : 0;
        const stan = prng.chance(0.1) ? 0 : prng.next() * 300;
        const rez = prng.chance(0.3) ? Math.min(stan, prng.next() * 20) : 0;
        t.tw_Stan.push({ st_TowId: id, st_MagId: mag, st_Stan: money(stan, unitDecimals), st_StanMin: '0', st_StanRez: money(rez, unitDecimals), st_StanMax: '0' });
      }
    }
    if (prng.chance(0.2)) {
      const extra = prng.int(1, 2);
      for (let i = 0; i < extra; i++) {
        const code = i === 0 && ean && prng.chance(0.3) ? ean : ean13(prng); // sometimes repeats the primary code
        if (t.tw_KodKreskowy.some((r) => r.kk_IdTowar === id && r.kk_Kod === code)) continue;
        t.tw_KodKreskowy.push({ kk_Id: ++kk, kk_IdTowar: id, kk_Kod: code, kk_Ilosc: i === 1 ? '12' : null });
      }
    }
    for (let f = 1; f <= FEATURES.length; f++) {
      if (prng.chance(f === 1 ? 0.6 : 0.15)) t.tw_CechaTw.push({ cht_Id: ++cht, cht_IdTowar: id, cht_IdCecha: f });
    }
    if (n === 0 || prng.chance(0.05)) {
      const count = prng.int(1, 2);
      for (let i = 0; i < count; i++) {
        const bytes = pictureBytes(prng, prng.int(200, 2000));
        t.tw_ZdjecieTw.push({ zd_Id: ++zd, zd_IdTowar: id, zd_Zdjecie: bytes, zd_Glowne: i === 0 ? 1 : 0, zd_CRC: pictureCrc(bytes) });
      }
    }
  }
  return { tables: t };
}
