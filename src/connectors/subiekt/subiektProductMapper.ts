import type { ErpPictureRef, ErpProduct } from '../erp/ErpSource';
import { contentHash } from './contentHash';
import { money4, trimDecimal } from './moneyText';

/** One row of PRODUCT_PAGE_SQL as mssql returns it. */
export interface ProductRow {
  tw_Id: number;
  tw_Symbol: string;
  tw_Nazwa: string;
  tw_Opis: string | null;
  tw_Rodzaj: number;
  tw_Zablokowany: boolean;
  tw_Usuniety: boolean;
  tw_SklepInternet: boolean;
  tw_JednMiary: string | null;
  tw_PodstKodKresk: string | null;
  tw_IdGrupa: number | null;
  grt_Nazwa: string | null;
  vat_Symbol: string | null;
  vat_Stawka: string | null;
  tw_Masa: string | null;
  cena_Netto: string | null;
  cena_Brutto: string | null;
  cena_Waluta: string | null;
  tw_Charakter: string | null;
}

export interface PictureRow {
  zd_Id: number;
  zd_IdTowar: number;
  zd_Glowne: boolean;
  zd_CRC: number | null;
  zd_Rozmiar: number | string | null;
}

export interface PageExtras {
  /** tw_Id → available stock text */
  stock: Map<number, string>;
  /** tw_Id → additional barcodes in kk_Id order */
  barcodes: Map<number, string[]>;
  pictures: Map<number, PictureRow[]>;
}

/** "zw" (exempt) and "np" (not subject) have rate 0 in sl_StawkaVAT; they are reported with vatRate null. */
const NO_RATE_SYMBOLS = new Set(['zw', 'np', 'oo']);

function text(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** zd_CRC is the change token; without one (NULL) the size stands in, which is weaker but never silent. */
export function pictureChangeToken(p: PictureRow): string {
  return p.zd_CRC !== null ? `crc:${p.zd_CRC}` : `size:${p.zd_Rozmiar ?? 0}`;
}

export function mapProduct(row: ProductRow, extras: PageExtras, defaultCurrency: string): ErpProduct {
  const id = row.tw_Id;
  const primary = text(row.tw_PodstKodKresk);
  const eans: string[] = [];
  for (const code of [primary, ...(extras.barcodes.get(id) ?? []).map(text)]) if (code && !eans.includes(code)) eans.push(code);
  const vatSymbol = text(row.vat_Symbol);
  const vatRate = vatSymbol && NO_RATE_SYMBOLS.has(vatSymbol.toLowerCase()) ? null : row.vat_Stawka === null ? null : trimDecimal(row.vat_Stawka);
  const pictures: ErpPictureRef[] = (extras.pictures.get(id) ?? []).map((p) => ({ externalId: String(p.zd_Id), changeToken: pictureChangeToken(p), isMain: Boolean(p.zd_Glowne) }));
  const product: Omit<ErpProduct, 'contentHash'> = {
    externalId: String(id),
    sku: row.tw_Symbol.trim(),
    name: row.tw_Nazwa.trim(),
    description: text(row.tw_Charakter) ?? text(row.tw_Opis),
    ean: eans[0] ?? null,
    eans,
    unit: text(row.tw_JednMiary),
    vatRate,
    vatSymbol,
    priceNet: money4(row.cena_Netto),
    priceGross: money4(row.cena_Brutto),
    currency: text(row.cena_Waluta) ?? defaultCurrency,
    stock: money4(extras.stock.get(id) ?? '0')!,
    group: text(row.grt_Nazwa),
    groupId: row.tw_IdGrupa === null || row.tw_IdGrupa === undefined || text(row.grt_Nazwa) === null ? null : String(row.tw_IdGrupa),
    weightKg: money4(row.tw_Masa),
    blocked: Boolean(row.tw_Zablokowany),
    deleted: Boolean(row.tw_Usuniety),
    pictures,
  };
  return { ...product, contentHash: contentHash(product) };
}
