import type { Sequelize } from 'sequelize';
import type { ShopSettings } from '../catalogueSnapshot';
import type { ShopGateway } from '../shopGateway';
import { ensureShopCategories, type EnsureResult } from './ensureShopCategories';

/**
 * The push's hook before payloads are built: maps the products' categories to the shop (see ensureShopCategories).
 * A gateway without a category port leaves mappings as they are.
 */
export async function prepareShopCategories(sequelize: Sequelize, gateway: ShopGateway, settings: ShopSettings, productIds: number[], defaultLanguage = 'pl'): Promise<EnsureResult | null> {
  if (!gateway.categories) return null;
  return ensureShopCategories(sequelize, gateway.categories, { shopId: settings.shopId, rootCategoryId: settings.rootCategoryId ?? 2, languageMap: settings.languageMap }, productIds, defaultLanguage);
}
