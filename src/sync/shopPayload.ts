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
  'price',
  'idTaxRulesGroup',
  'ean13',
  'weight',
  'active',
  'quantity',
  'categoryIds',
  'defaultCategoryId',
];

export interface CentralProductRow {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  shortDescription: string | null;
  ean: string | null;
  priceNet: string | null;
  vatRate: string | null;
  weightKg: string | null;
  stock: string;
  status: 'active' | 'inactive' | 'archived';
}

export interface ShopOverrideRow {
  name: string | null;
  description: string | null;
  shortDescription: string | null;
  priceNet: string | null;
  active: boolean | null;
}

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

function perLanguage(text: string, languageIds: string[]): Record<string, string> {
  return Object.fromEntries(languageIds.map((id) => [id, text]));
}

/** Builds the payload for one shop. Overrides win field by field; categories are already mapped to remote ids. */
export function buildShopPayload(
  product: CentralProductRow,
  override: ShopOverrideRow | null,
  mappings: ShopMappings,
  categories: { remoteIds: number[]; defaultRemoteId: number | null },
): ShopProductPayload {
  const langIds = [...new Set(Object.values(mappings.languageMap).map(String))].sort();
  const languages = langIds.length ? langIds : ['1'];
  const vat = vatKey(product.vatRate);
  const taxGroup = vat === null ? 0 : (mappings.taxRulesMap[vat] ?? 0);
  const qty = Math.trunc(Number(product.stock ?? 0));
  return {
    reference: product.sku.trim(),
    name: perLanguage(override?.name ?? product.name, languages),
    description: perLanguage(override?.description ?? product.description ?? '', languages),
    descriptionShort: perLanguage(override?.shortDescription ?? product.shortDescription ?? '', languages),
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
