import { solidPng } from './pngImage';
import { SeededRandom } from './seededRandom';
import { EMPTY_GUID, type SimCategoryRow, type SimCompanyData, type SimItemRow } from './simModel';

/**
 * Generates a realistic Polish company for the simulator: item categories, items with Polish names and
 * diacritics, VAT product posting groups (reported by API v2.0 as taxGroupCode), EAN-13 codes with valid check
 * digits (some empty, as BC often has), a few blocked items, a few service items, some prices with 4 decimals,
 * some variants and a few pictures.
 */

const CATEGORIES: Array<[code: string, displayName: string, nouns: string[]]> = [
  ['NARZEDZIA', 'Narzędzia ręczne', ['Młotek', 'Śrubokręt', 'Klucz płaski', 'Piła', 'Szczypce', 'Poziomica', 'Dłuto']],
  ['OGROD', 'Ogród i działka', ['Łopata', 'Grabie', 'Sekator', 'Wąż ogrodowy', 'Konewka', 'Taczka']],
  ['ELEKTRYKA', 'Elektryka i oświetlenie', ['Żarówka LED', 'Przedłużacz', 'Gniazdo', 'Włącznik', 'Lampa wisząca', 'Kabel']],
  ['CHEMIA', 'Chemia budowlana', ['Klej', 'Farba', 'Grunt', 'Silikon', 'Zaprawa', 'Pianka montażowa']],
  ['ZYWNOSC', 'Żywność', ['Miód', 'Kawa ziarnista', 'Herbata', 'Żurek', 'Pierniki', 'Ogórki kiszone']],
  ['KSIAZKI', 'Książki', ['Poradnik', 'Atlas', 'Słownik', 'Album', 'Kalendarz']],
];

const ADJECTIVES = ['ślusarski', 'żółty', 'źródłowy', 'łączony', 'ciężki', 'miękki', 'wytrzymały', 'ogrodniczy', 'świąteczny', 'zielony', 'ręczny', 'solidny', 'dębowy', 'gęsty', 'pożyteczny', 'kątowy'];
const DETAILS = ['ŻÓŁW', 'Ąę', 'ĆMA', 'Łódź', 'Gdańsk', 'Kraków', 'Śląsk', 'Poznań', 'Zakopane', 'Wrocław'];
const UNITS = ['SZT', 'SZT', 'SZT', 'KPL', 'OPAK', 'M', 'KG', 'L'];

/** VAT product posting groups: mostly 23 %, food 5 %, books 5 %/8 %, some exempt ("ZW") and out of scope ("NP"). */
function vatGroupFor(rng: SeededRandom, categoryCode: string): string {
  if (categoryCode === 'ZYWNOSC') return rng.chance(0.7) ? 'VAT5' : 'VAT8';
  if (categoryCode === 'KSIAZKI') return rng.chance(0.8) ? 'VAT5' : 'ZW';
  const r = rng.next();
  if (r < 0.9) return 'VAT23';
  if (r < 0.94) return 'VAT8';
  if (r < 0.97) return 'ZW';
  if (r < 0.99) return 'NP';
  return 'VAT0';
}

function ean13(rng: SeededRandom): string {
  const digits = [5, 9, 0, ...Array.from({ length: 9 }, () => rng.int(0, 9))];
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return digits.join('') + String((10 - (sum % 10)) % 10);
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export interface SeedCompanyOptions {
  companyName: string;
  items: number;
  seed: number;
  now: Date;
  /** Share of items with a picture (default 0.05, at least one when items > 0). */
  pictureShare?: number;
}

export function seedCompany(opts: SeedCompanyOptions): SimCompanyData {
  const rng = new SeededRandom(opts.seed);
  const nowMs = opts.now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = iso(nowMs - 400 * 86_400_000);
  const companyId = rng.guid();
  const data: SimCompanyData = {
    company: {
      id: companyId,
      systemVersion: '24.5.23489.23967',
      timestamp: rng.int(10_000, 99_999),
      name: opts.companyName,
      displayName: opts.companyName,
      businessProfileId: '',
      systemCreatedAt: created,
      systemCreatedBy: EMPTY_GUID,
      systemModifiedAt: created,
      systemModifiedBy: EMPTY_GUID,
    },
    items: new Map(),
    categories: new Map(),
    variants: new Map(),
    pictures: new Map(),
    rowVersions: new Map(),
  };
  const categories: SimCategoryRow[] = CATEGORIES.map(([code, displayName]) => ({ id: rng.guid(), code, displayName, lastModifiedDateTime: created }));
  for (const c of categories) {
    data.categories.set(c.id, c);
    data.rowVersions.set(c.id, rng.int(1000, 9000));
  }
  const unitIds = new Map(UNITS.map((u) => [u, rng.guid()]));
  const taxGroupIds = new Map(['VAT23', 'VAT8', 'VAT5', 'VAT0', 'ZW', 'NP'].map((g) => [g, rng.guid()]));
  const genPostingId = rng.guid();
  const invPostingId = rng.guid();
  const pictureShare = opts.pictureShare ?? 0.05;

  for (let i = 0; i < opts.items; i++) {
    const catIndex = rng.int(0, CATEGORIES.length - 1);
    const [catCode, , nouns] = CATEGORIES[catIndex];
    const category = categories[catIndex];
    const uncategorised = rng.chance(0.03);
    const name = `${rng.pick(nouns)} ${rng.pick(ADJECTIVES)} ${rng.pick(DETAILS)} ${rng.int(1, 999)}`;
    const unit = rng.pick(UNITS);
    const vat = vatGroupFor(rng, catCode);
    const fourDecimals = rng.chance(0.1);
    const unitPrice = fourDecimals ? round(rng.next() * 500 + 0.01, 4) : round(rng.next() * 2000 + 0.99, 2);
    const service = rng.chance(0.02);
    const modifiedMs = nowMs - rng.int(3_600, 300 * 86_400) * 1000 - rng.int(0, 999);
    const item: SimItemRow = {
      id: rng.guid(),
      number: String(10000 + i * 10),
      displayName: name.slice(0, 100),
      displayName2: rng.chance(0.3) ? `Producent: ${rng.pick(['Łucznik', 'Fabryka Śrub „Żuraw”', 'Gąbka i Syn', 'Zakłady Źródło'])}` : '',
      type: service ? 'Service' : 'Inventory',
      itemCategoryId: uncategorised ? EMPTY_GUID : category.id,
      itemCategoryCode: uncategorised ? '' : catCode,
      blocked: rng.chance(0.04),
      gtin: rng.chance(0.8) ? ean13(rng) : '',
      inventory: service ? 0 : unit === 'KG' || unit === 'M' || unit === 'L' ? round(rng.next() * 300, 3) : rng.int(0, 500),
      unitPrice,
      priceIncludesTax: rng.chance(0.15),
      unitCost: round(unitPrice * 0.6, 4),
      taxGroupId: taxGroupIds.get(vat) ?? EMPTY_GUID,
      taxGroupCode: vat,
      baseUnitOfMeasureId: unitIds.get(unit) ?? EMPTY_GUID,
      baseUnitOfMeasureCode: unit,
      generalProductPostingGroupId: genPostingId,
      generalProductPostingGroupCode: 'HANDEL',
      inventoryPostingGroupId: service ? EMPTY_GUID : invPostingId,
      inventoryPostingGroupCode: service ? '' : 'TOWARY',
      lastModifiedDateTime: iso(modifiedMs),
    };
    data.items.set(item.id, item);
    data.rowVersions.set(item.id, rng.int(10_000, 900_000));
    if (rng.chance(0.05)) {
      for (const [code, description] of [['CZER', 'czerwony'], ['ZIEL', 'zielony'], ['ŻÓŁ', 'żółty']]) {
        const variant = { id: rng.guid(), itemId: item.id, itemNumber: item.number, code, description, lastModifiedDateTime: item.lastModifiedDateTime };
        data.variants.set(variant.id, variant);
        data.rowVersions.set(variant.id, rng.int(1000, 9000));
      }
    }
    if (rng.chance(pictureShare) || (i === 0 && opts.items > 0)) {
      const w = rng.pick([64, 120, 200]);
      const h = rng.pick([64, 120, 200]);
      data.pictures.set(item.id, { width: w, height: h, contentType: 'image/png', content: solidPng(w, h, [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)]) });
      data.rowVersions.set(`picture:${item.id}`, rng.int(1000, 9000));
    }
  }
  return data;
}
