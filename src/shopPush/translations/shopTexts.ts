import { linkRewrite as friendlyUrl } from '../../connectors/prestashop/linkRewrite';
import type { ProductTexts } from '../../catalog/translations/productTranslations';

/** A product's stored texts in one PPM language (product_translations), as the push reads them. */
export type StoredTexts = ProductTexts;

/** The multilingual product fields of a shop payload, each keyed by PrestaShop language id (as string). */
export interface ShopTexts {
  name: Record<string, string>;
  description: Record<string, string>;
  descriptionShort: Record<string, string>;
  metaTitle: Record<string, string>;
  metaDescription: Record<string, string>;
  linkRewrite: Record<string, string>;
}

/**
 * The texts each shop language gets: the shop language's own translation, else the central (default-language)
 * text — which a per-shop override replaces. `link_rewrite` is that language's stored one, else generated from
 * that language's name. Languages are the shop's `languageMap` (PPM code → PrestaShop id); without one,
 * PrestaShop language 1 gets the central text.
 */
export function shopTexts(central: StoredTexts, translations: Record<string, StoredTexts>, languageMap: Record<string, number>): ShopTexts {
  const out: ShopTexts = { name: {}, description: {}, descriptionShort: {}, metaTitle: {}, metaDescription: {}, linkRewrite: {} };
  const entries = Object.entries(languageMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const targets: Array<[string, StoredTexts]> = entries.length ? entries.map(([code, id]) => [String(id), translations[code] ?? central]) : [['1', central]];
  for (const [langId, t] of targets) {
    if (out.name[langId] !== undefined) continue; // two PPM codes mapped to one shop language: the first wins
    out.name[langId] = t.name;
    out.description[langId] = t.description ?? '';
    out.descriptionShort[langId] = t.descriptionShort ?? '';
    out.metaTitle[langId] = t.metaTitle ?? '';
    out.metaDescription[langId] = t.metaDescription ?? '';
    out.linkRewrite[langId] = t.linkRewrite ?? friendlyUrl(t.name);
  }
  return out;
}
