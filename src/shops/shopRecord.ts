/** A shop language without a product translation: publish the default language's text, or refuse the product. */
export type MissingTranslation = 'fallback' | 'refuse';

/**
 * A PrestaShop shop as stored in `shops`, without its sealed API key (AES-256-GCM ciphertext bound to the row:
 * ./shopCredentials.ts), which only the connection reads return.
 */
export interface ShopRecord {
  id: number;
  name: string;
  baseUrl: string;
  psVersion: string;
  apiKeyHint: string;
  /** PPM language code -> PrestaShop language id, e.g. { "pl": 1, "en": 2 }. */
  languageMap: Record<string, number>;
  /** VAT rate ("23") -> PrestaShop id_tax_rules_group. */
  taxRulesMap: Record<string, number>;
  missingTranslation: MissingTranslation;
  /** The shop category top-level central categories are mapped under (PrestaShop's "Home" is 2). */
  rootCategoryId: number;
  maxConcurrency: number;
  /** NUMERIC(8,2) in the table: rounded to 0.01. */
  maxRequestsPerSecond: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The sealed API key and its mask, written together. */
export interface SealedApiKey {
  apiKeyEncrypted: string;
  apiKeyHint: string;
}

/** The settings an admin writes; absent ones keep the table's default (create) or the stored value (update). */
export type ShopSettingsWrite = Partial<Omit<ShopRecord, 'id' | 'apiKeyHint' | 'createdAt' | 'updatedAt'>>;

/** A new shop: a name and an endpoint at least. */
export type NewShop = ShopSettingsWrite & Pick<ShopRecord, 'name' | 'baseUrl'>;
