import type { Sequelize } from 'sequelize';
import type { ShopSettings } from '../catalogueSnapshot';
import type { ShopGateway } from '../shopGateway';
import { CreatedCategories } from './createdCategories';
import { ensureShopCategories, type EnsureResult } from './ensureShopCategories';

/**
 * The push's hook before payloads are built: maps the products' categories to the shop (see ensureShopCategories).
 * A gateway without a category port leaves mappings as they are. With `compensableJobId`, the categories it creates
 * are logged for that job's compensation.
 */
export async function prepareShopCategories(sequelize: Sequelize, gateway: ShopGateway, settings: ShopSettings, productIds: number[], defaultLanguage = 'pl', compensableJobId?: string): Promise<EnsureResult | null> {
  if (!gateway.categories) return null;
  const log = compensableJobId ? new CreatedCategories(sequelize, compensableJobId, settings.shopId) : undefined;
  return ensureShopCategories(sequelize, gateway.categories, { shopId: settings.shopId, rootCategoryId: settings.rootCategoryId ?? 2, languageMap: settings.languageMap }, productIds, defaultLanguage, log);
}
