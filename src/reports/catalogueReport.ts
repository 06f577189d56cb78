import type { Sequelize } from 'sequelize';
import { activeProductsWithGap as gap, GAP_SQL, type CataloguePage } from '../catalog/catalogueGaps';
import { activeProductCount } from '../catalog/productLookups';
import { shopsByLanguage } from '../shops/shopLookups';
import type { CatalogueReport } from './catalogueReportSchema';

/**
 * Active products without images, without a category, and without a translation per shop language (the keys of the
 * shops' language maps, minus the catalogue's default language, whose text is the product's own): counts and one
 * page of each list.
 */
export async function buildCatalogueReport(sequelize: Sequelize, defaultLanguage: string, page: CataloguePage): Promise<CatalogueReport> {
  const [shopLanguages, active] = await Promise.all([
    shopsByLanguage(sequelize, defaultLanguage),
    activeProductCount(sequelize),
  ]);
  const [withoutImages, withoutCategory, ...translations] = await Promise.all([
    gap(sequelize, GAP_SQL.images, page),
    gap(sequelize, GAP_SQL.category, page),
    ...shopLanguages.map((l) => gap(sequelize, GAP_SQL.translation, page, l.lang)),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    activeProducts: active,
    defaultLanguage,
    withoutImages,
    withoutCategory,
    withoutTranslation: shopLanguages.map((l, i) => ({ language: l.lang, shopIds: l.shopIds, ...translations[i] })),
  };
}
