import { categoryResource } from './categoryResource';
import { productResource } from './productResource';
import { combinationResource, languageResource, specificPriceResource, taxRuleGroupResource } from './referenceResources';
import type { ResourceDef, ShopVersion } from './resourceModel';
import { mysqlNow, ShopStore } from './shopStore';
import { stockAvailableResource } from './stockAvailableResource';

const KNOWN_LANGUAGES: Record<string, { name: string; locale: string }> = {
  pl: { name: 'Polski (Polish)', locale: 'pl-PL' },
  en: { name: 'English (English)', locale: 'en-US' },
  de: { name: 'Deutsch (German)', locale: 'de-DE' },
  cs: { name: 'Čeština (Czech)', locale: 'cs-CZ' },
  sk: { name: 'Slovenčina (Slovak)', locale: 'sk-SK' },
  fr: { name: 'Français (French)', locale: 'fr-FR' },
  uk: { name: 'Українська (Ukrainian)', locale: 'uk-UA' },
};

export interface SeedOptions {
  version: ShopVersion;
  languages: string[];
  shopName: string;
  taxRuleGroups: string[];
}

/** A fresh shop: languages (first = default), Root (1) and Home (2) categories, tax rule groups. */
export function seedShop(opts: SeedOptions): { store: ShopStore; resources: Map<string, ResourceDef> } {
  const store = new ShopStore(opts.version, opts.shopName);
  const resources = new Map<string, ResourceDef>();
  for (const def of [
    productResource(store),
    categoryResource(store),
    stockAvailableResource(store),
    combinationResource(store),
    languageResource(),
    taxRuleGroupResource(),
    specificPriceResource(),
  ]) {
    resources.set(def.name, def);
  }
  const now = mysqlNow();
  opts.languages.forEach((iso, i) => {
    const known = KNOWN_LANGUAGES[iso] ?? { name: iso.toUpperCase(), locale: `${iso}-${iso.toUpperCase()}` };
    store.put('languages', {
      id: i + 1,
      values: { name: known.name, iso_code: iso, locale: known.locale, language_code: known.locale.toLowerCase(), active: '1', is_rtl: '0', date_format_lite: 'Y-m-d', date_format_full: 'Y-m-d H:i:s' },
      i18n: {},
      assoc: {},
    });
  });
  const langIds = store.allLanguageIds();
  const each = (v: string) => Object.fromEntries(langIds.map((l) => [l, v]));
  const category = (id: number, parent: number, depth: number, root: boolean, name: string) =>
    store.put('categories', {
      id,
      values: { id_parent: String(parent), level_depth: String(depth), active: '1', id_shop_default: '1', is_root_category: root ? '1' : '0', position: '0', date_add: now, date_upd: now },
      i18n: { name: each(name), link_rewrite: each(name.toLowerCase()), description: each(''), ...(opts.version === '8.2' ? { additional_description: each('') } : {}), meta_title: each(''), meta_description: each(''), meta_keywords: each('') },
      assoc: {},
    });
  category(1, 0, 0, false, 'Root');
  category(2, 1, 1, true, 'Home');
  opts.taxRuleGroups.forEach((name, i) =>
    store.put('tax_rule_groups', { id: i + 1, values: { name, active: '1', deleted: '0', date_add: now, date_upd: now }, i18n: {}, assoc: {} }),
  );
  return { store, resources };
}
