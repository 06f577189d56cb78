import type { Sequelize } from 'sequelize';
import { loadTranslations } from '../catalog/translations/loadTranslations';
import { readProductsForShop } from '../catalog/productsForShop';
import type { MissingTranslation } from '../shops/shopRecord';
import { shopPushSettings } from '../shops/shopLookups';
import { buildShopPayload, type ShopMappings, type ShopProductPayload } from './shopPayload';

export interface ShopSettings extends ShopMappings {
  shopId: number;
  name: string;
  active: boolean;
  maxConcurrency: number;
  maxRequestsPerSecond: number;
  /** The shop category top-level central categories are mapped under. */
  rootCategoryId?: number;
  /** A shop language without a product translation: publish the default language's text, or refuse the product. */
  missingTranslation?: MissingTranslation;
}

/** Loads a shop's mapping and limit settings (no secrets). Null when the shop does not exist. */
export async function loadShopSettings(sequelize: Sequelize, shopId: number): Promise<ShopSettings | null> {
  const found = await shopPushSettings(sequelize, shopId);
  if (!found) return null;
  const { id, ...settings } = found;
  return { shopId: id, ...settings };
}

/**
 * The effective shop payloads of `productIds` for one shop, read in four set-based queries (products,
 * overrides, mapped categories: src/catalog/productsForShop.ts; translations). Missing products are absent from the map.
 */
export async function loadShopPayloads(sequelize: Sequelize, productIds: number[], shop: ShopSettings, defaultLanguage = 'pl'): Promise<Map<number, ShopProductPayload>> {
  const out = new Map<number, ShopProductPayload>();
  if (productIds.length === 0) return out;
  const { products, overrides, categories: cats } = await readProductsForShop(sequelize, productIds, shop.shopId);
  const texts = await loadTranslations(sequelize, productIds);
  const overrideBy = new Map(overrides.map((o) => [o.productId, o]));
  const catsBy = new Map<number, { remoteIds: number[]; defaultRemoteId: number | null }>();
  for (const c of cats) {
    const e = catsBy.get(c.productId) ?? { remoteIds: [], defaultRemoteId: null };
    e.remoteIds.push(c.remoteId);
    if (c.isPrimary || e.defaultRemoteId === null) e.defaultRemoteId = c.isPrimary ? c.remoteId : (e.defaultRemoteId ?? c.remoteId);
    catsBy.set(c.productId, e);
  }
  for (const p of products) {
    out.set(p.id, buildShopPayload(p, overrideBy.get(p.id) ?? null, shop, catsBy.get(p.id) ?? { remoteIds: [], defaultRemoteId: null }, texts.get(p.id) ?? {}, defaultLanguage));
  }
  return out;
}
