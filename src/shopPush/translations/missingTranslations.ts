import type { Sequelize } from 'sequelize';
import { missingNamedTranslations } from '../../catalog/translations/namedTranslation';
import { ConnectorError } from '../../errors/ConnectorError';

/**
 * Shops set to refuse publishing a product without a translation for each of their languages
 * (`shops.missing_translation = 'refuse'`): the products among `productIds` that lack one, each with the error its
 * item fails with (the catalogue's default language is the product's own text and never missing).
 */
export async function refusedForMissingTranslations(
  sequelize: Sequelize,
  shop: { shopId: number; missingTranslation?: 'fallback' | 'refuse'; languageMap: Record<string, number> },
  productIds: number[],
  defaultLanguage: string,
): Promise<Map<number, ConnectorError>> {
  const out = new Map<number, ConnectorError>();
  const needed = Object.keys(shop.languageMap).filter((code) => code !== defaultLanguage).sort();
  if (shop.missingTranslation !== 'refuse' || !needed.length || !productIds.length) return out;
  const rows = await missingNamedTranslations(sequelize, productIds, needed);
  for (const r of rows) {
    if (!r.missing.length) continue;
    out.set(
      r.productId,
      new ConnectorError({
        system: 'prestashop',
        code: 'VALIDATION',
        field: `translations.${r.missing[0]}`,
        message: `product ${r.productId} has no translation for ${r.missing.join(', ')}, and shop ${shop.shopId} refuses to publish without one (setting missingTranslation = refuse)`,
      }),
    );
  }
  return out;
}
