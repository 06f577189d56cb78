/** PPM Sync's view of a PrestaShop shop: typed, normalised shapes (no JSON quirks leak out of the connector). */

/** Language id as the shop numbers it. */
export type LangId = number;

export type PrestaShopMajor = '1.7' | '8';

export interface PrestaShopClientConfig {
  /** Shop base URL (without `/api`), e.g. `https://shop.example`. */
  baseUrl: string;
  /** The 32-character webservice key. Never logged. */
  apiKey: string;
  /** Major version; detected from the `PSWS-Version` header when absent. */
  version?: PrestaShopMajor;
  /** ISO code → language id; read from `/api/languages` when absent. */
  languages?: Record<string, LangId>;
  /** Parallel requests to this shop (default 4). */
  maxConcurrency?: number;
  /** Request starts per second to this shop (default 10). */
  maxRequestsPerSecond?: number;
  /** Per-request timeout (default 30 000 ms). */
  timeoutMs?: number;
  /** Adaptive per-request timeout: a multiple of the shop's usual answer time, never below this nor above timeoutMs. */
  minTimeoutMs?: number;
}

export interface PrestaShopLanguage {
  id: LangId;
  isoCode: string;
  name: string;
  locale: string;
  active: boolean;
}

export interface ResourcePermission {
  get: boolean;
  put: boolean;
  post: boolean;
  patch: boolean;
  delete: boolean;
  head: boolean;
}

export interface ConnectionInfo {
  /** Full version string from `PSWS-Version` (e.g. "8.2.0"), null when the shop did not send it. */
  version: string | null;
  major: PrestaShopMajor;
  shopName: string | null;
  /** Resource name → methods this key may use. */
  resources: Record<string, ResourcePermission>;
  languages: PrestaShopLanguage[];
  /** PATCH is used for updates (8.x and the key holds the right). */
  patchAvailable: boolean;
}

/** A product in our terms, for create. Money as decimal strings, net of tax. */
export interface ProductInput {
  reference: string;
  /** Name per language id; languages missing here get the first given name. */
  names: Record<LangId, string>;
  descriptions?: Record<LangId, string>;
  shortDescriptions?: Record<LangId, string>;
  /** Net price (tax excluded), decimal string with a dot, e.g. "12.50". */
  price: string;
  /** Tax rules group id (0 = no tax); map the VAT rate with `listTaxRuleGroups()`. */
  idTaxRulesGroup: number;
  active: boolean;
  ean13?: string | null;
  /** Weight in kg, decimal string. */
  weight?: string | null;
  /** Every category the product is in; the default category is added when missing. */
  categoryIds: number[];
  defaultCategoryId: number;
}

/** A partial update: only the given fields change. `categoryIds` replaces the whole set. */
export type ProductPatch = Partial<Omit<ProductInput, 'reference'>> & { reference?: string };

/** A product as read back from the shop, normalised. */
export interface PrestaShopProduct {
  id: number;
  reference: string;
  names: Record<LangId, string>;
  descriptions: Record<LangId, string>;
  shortDescriptions: Record<LangId, string>;
  linkRewrites: Record<LangId, string>;
  /** Net price, canonical decimal string (no trailing zeros: "12.5", "10"). */
  price: string;
  idTaxRulesGroup: number;
  active: boolean;
  /** 1 = saved, 0 = temporary draft (hidden in the back office). */
  state: number;
  ean13: string;
  weight: string;
  defaultCategoryId: number;
  categoryIds: number[];
  imageIds: number[];
  /** `id` of the stock row per combination (`0` = the product itself). */
  stockAvailables: Array<{ id: number; idProductAttribute: number }>;
  dateAdd: string | null;
  dateUpd: string | null;
}

export interface ProductRef {
  id: number;
  reference: string;
}

export interface TaxRuleGroup {
  id: number;
  name: string;
  active: boolean;
  deleted: boolean;
}

export interface CategoryRef {
  id: number;
  created: boolean;
}

export interface UploadedImage {
  id: number;
  productId: number;
  position: number;
  cover: boolean;
}
