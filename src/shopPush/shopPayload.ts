import type { PushProductRow, ShopOverrideRow } from '../catalog/productsForShop';
import { shopTexts, type StoredTexts } from './translations/shopTexts';

/**
 * The effective product payload for one shop: central fields ⊕ per-shop overrides ⊕ shop mappings
 * (languages, tax rules group, categories). This is what a push writes and what the ledger hash covers.
 * Plain data (no class instances) so it can travel through Temporal payloads and JSONB.
 */
export interface ShopProductPayload {
  reference: string;
  /** PrestaShop language id (as string) -> text. */
  name: Record<string, string>;
  description: Record<string, string>;
  descriptionShort: Record<string, string>;
  /** Optional only for before-images stored before texts per language were pushed (such a restore leaves them). */
  metaTitle?: Record<string, string>;
  metaDescription?: Record<string, string>;
  /** Friendly URL per language (the stored one, else generated from that language's name). */
  linkRewrite?: Record<string, string>;
  /** Net price, canonical decimal string (no trailing zeros). */
  price: string;
  idTaxRulesGroup: number;
  ean13: string;
  /** Kilograms, canonical decimal string. */
  weight: string;
  active: boolean;
  /** Stock quantity (integer; PrestaShop stock is integral). */
  quantity: number;
  /** Remote category ids (mapped); empty when the product has no mapped category in this shop. */
  categoryIds: number[];
  defaultCategoryId: number | null;
}

/** The payload's fields, in a stable order (used by diffs, exports and hashing). */
export const PAYLOAD_FIELDS: (keyof ShopProductPayload)[] = [
  'reference',
  'name',
  'description',
  'descriptionShort',
  'metaTitle',
  'metaDescription',
  'linkRewrite',
  'price',
  'idTaxRulesGroup',
  'ean13',
  'weight',
  'active',
  'quantity',
  'categoryIds',
  'defaultCategoryId',
];

export interface ShopMappings {
  /** PPM language code -> PrestaShop language id. Empty: language 1 (PrestaShop's install default). */
  languageMap: Record<string, number>;
  /** VAT rate ("23") -> id_tax_rules_group. */
  taxRulesMap: Record<string, number>;
}

/** Canonical decimal text: "12.5000" -> "12.5", "10.000000" -> "10", null/blank -> "0". */
export function canonicalDecimal(v: string | number | null | undefined): string {
  if (v === null || v === undefined || String(v).trim() === '') return '0';
  const s = String(v).trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [int, frac = ''] = s.split('.');
  const f = frac.replace(/0+$/, '');
  const i = int.replace(/^(-?)0+(?=\d)/, '$1');
  return f ? `${i}.${f}` : i === '-0' ? '0' : i;
}

/** The VAT key used in tax maps: "23.00" -> "23", "8.5" -> "8.5". */
export function vatKey(vatRate: string | null): string | null {
  return vatRate === null ? null : canonicalDecimal(vatRate);
}

/**
 * Builds the payload for one shop. Texts per shop language come from the product's translations (PPM language
 * code → texts, the default language's own row carrying only meta and friendly URL); a language without one gets
 * the central text, which the shop's override replaces. Overrides win field by field; categories are already
 * mapped to remote ids.
 */
export function buildShopPayload(
  product: PushProductRow,
  override: ShopOverrideRow | null,
  mappings: ShopMappings,
  categories: { remoteIds: number[]; defaultRemoteId: number | null },
  translations: Record<string, StoredTexts> = {},
  defaultLanguage = 'pl',
): ShopProductPayload {
  const own = translations[defaultLanguage];
  const central: StoredTexts = {
    name: override?.name ?? product.name,
    description: override?.description ?? product.description,
    descriptionShort: override?.shortDescription ?? product.shortDescription,
    metaTitle: own?.metaTitle ?? null,
    metaDescription: own?.metaDescription ?? null,
    linkRewrite: override?.name ? null : (own?.linkRewrite ?? null),
  };
  const others = Object.fromEntries(Object.entries(translations).filter(([lang]) => lang !== defaultLanguage));
  const texts = shopTexts(central, others, mappings.languageMap);
  const vat = vatKey(product.vatRate);
  const taxGroup = vat === null ? 0 : (mappings.taxRulesMap[vat] ?? 0);
  const qty = Math.trunc(Number(product.stock ?? 0));
  return {
    reference: product.sku.trim(),
    name: texts.name,
    description: texts.description,
    descriptionShort: texts.descriptionShort,
    metaTitle: texts.metaTitle,
    metaDescription: texts.metaDescription,
    linkRewrite: texts.linkRewrite,
    price: canonicalDecimal(override?.priceNet ?? product.priceNet),
    idTaxRulesGroup: taxGroup,
    ean13: product.ean ?? '',
    weight: canonicalDecimal(product.weightKg),
    active: override?.active ?? product.status === 'active',
    quantity: Number.isFinite(qty) ? qty : 0,
    categoryIds: [...categories.remoteIds].sort((a, b) => a - b),
    defaultCategoryId: categories.defaultRemoteId,
  };
}
