import { vatRatesInUse } from '../catalog/productLookups';
import type { Sequelize } from 'sequelize';
import { PrestaShopClient } from '../connectors/prestashop';
import type { PrestaShopLanguage, TaxRuleGroup } from '../connectors/prestashop';
import type { SecretBox } from '../crypto/secretBox';
import type { OutboundPolicy } from '../net/outboundPolicy';
import { ConnectorError } from '../errors/ConnectorError';
import { readShopConnection } from '../shopPush/shopGatewayOpener';
import { shopPushSettings } from '../shops/shopLookups';

/**
 * A live check of a registered shop for the admin: the PrestaShop version, what the webservice key may do
 * (and what PPM needs that it may not), the shop's languages and tax rule groups, what setup is missing
 * (languages or VAT rates without a mapping), and with `discover` a proposed languageMap (ISO code → language
 * id, active languages) and taxRulesMap (VAT rate → the tax rule group whose name carries that rate, e.g.
 * "PL Standard Rate (23%)"), for the admin to accept with PATCH /shops/{id}.
 */

/** PrestaShop's Home category (under Root, id 1): the default parent of a shop's top-level categories. */
const HOME_CATEGORY_ID = 2;

/** Resource → methods PPM's sync uses. */
const NEEDED: Record<string, ('get' | 'post' | 'put' | 'delete')[]> = {
  products: ['get', 'post', 'put', 'delete'],
  stock_availables: ['get', 'put'],
  categories: ['get', 'post'],
  images: ['get', 'post'],
  languages: ['get'],
  tax_rule_groups: ['get'],
};

export interface ShopTestReport {
  /** The shop answered and the key holds every permission PPM needs. */
  ok: boolean;
  /** Why the shop could not be reached or refused the key (the other fields are then empty). */
  error: { code: string; message: string } | null;
  version: string | null;
  major: string;
  shopName: string | null;
  patchAvailable: boolean;
  missingPermissions: { resource: string; methods: string[] }[];
  languages: { id: number; isoCode: string; name: string; active: boolean }[];
  taxRuleGroups: { id: number; name: string; active: boolean; rate: string | null }[];
  /** the shop's configured rootCategoryId, and the categories directly under its Home to choose from */
  rootCategoryId: number | null;
  rootCategories: { id: number; name: string }[];
  setupNeeded: string[];
  proposal: { languageMap: Record<string, number>; taxRulesMap: Record<string, number> } | null;
}

/** The VAT rate a tax rule group's name carries ("… (23%)", "VAT 8 %"), as text without trailing zeros. */
export function rateInName(name: string): string | null {
  const m = /(\d{1,2}(?:[.,]\d{1,2})?)\s*%/.exec(name);
  return m ? String(Number(m[1].replace(',', '.'))) : null;
}

function propose(languages: PrestaShopLanguage[], groups: TaxRuleGroup[]): { languageMap: Record<string, number>; taxRulesMap: Record<string, number> } {
  const languageMap = Object.fromEntries(languages.filter((l) => l.active).map((l) => [l.isoCode.toLowerCase(), l.id]));
  const taxRulesMap: Record<string, number> = {};
  for (const g of groups.filter((x) => x.active)) {
    const rate = rateInName(g.name);
    if (rate !== null && taxRulesMap[rate] === undefined) taxRulesMap[rate] = g.id;
  }
  return { languageMap, taxRulesMap };
}

/** The report, or one naming the failure when the shop cannot be reached or refuses the key. */
export async function testShopConnection(deps: ShopTestDeps, shopId: number, discover: boolean): Promise<ShopTestReport> {
  try {
    return await liveTest(deps, shopId, discover);
  } catch (e) {
    if (!(e instanceof ConnectorError)) throw e;
    return { ok: false, error: { code: e.code, message: e.message }, version: null, major: '', shopName: null, patchAvailable: false, missingPermissions: [], languages: [], taxRuleGroups: [], rootCategoryId: null, rootCategories: [], setupNeeded: [], proposal: null };
  }
}

type ShopTestDeps = { sequelize: Sequelize; secretBox: SecretBox; outbound: OutboundPolicy };

async function liveTest(deps: ShopTestDeps, shopId: number, discover: boolean): Promise<ShopTestReport> {
  const shop = await readShopConnection(deps.sequelize, deps.secretBox, deps.outbound, shopId);
  const client = new PrestaShopClient({ baseUrl: shop.baseUrl, apiKey: shop.apiKey, maxConcurrency: 1, maxRequestsPerSecond: shop.maxRequestsPerSecond, timeoutMs: 15_000 });
  const info = await client.testConnection();
  const missingPermissions = Object.entries(NEEDED)
    .map(([resource, methods]) => ({ resource, methods: methods.filter((m) => !info.resources[resource]?.[m]) }))
    .filter((p) => p.methods.length);
  const groups = info.resources.tax_rule_groups?.get ? await client.listTaxRuleGroups() : [];
  const setupNeeded: string[] = [];
  const mappedLanguages = new Set(Object.values(shop.languageMap));
  for (const l of info.languages.filter((x) => x.active && !mappedLanguages.has(x.id))) setupNeeded.push(`language ${l.isoCode} (id ${l.id}) is not in languageMap`);
  const { taxRulesMap, rootCategoryId } = (await shopPushSettings(deps.sequelize, shopId))!;
  // The top-level categories under the shop's Home (PrestaShop category 2), to choose rootCategoryId from.
  const canReadCategories = !!info.resources.categories?.get;
  const firstLanguage = info.languages.find((l) => l.active)?.id;
  const rootCategories = canReadCategories
    ? (await client.listChildCategories(HOME_CATEGORY_ID)).map((c) => ({ id: c.id, name: (firstLanguage !== undefined ? c.names[firstLanguage] : undefined) ?? Object.values(c.names)[0] ?? '' }))
    : [];
  if (canReadCategories && rootCategoryId !== HOME_CATEGORY_ID && !rootCategories.some((c) => c.id === rootCategoryId) && !(await client.existingCategoryIds([rootCategoryId])).has(rootCategoryId)) {
    setupNeeded.push(`rootCategoryId ${rootCategoryId} is not a category of the shop`);
  }
  for (const rate of await vatRatesInUse(deps.sequelize)) if (taxRulesMap?.[rate] === undefined) setupNeeded.push(`VAT rate ${rate}% used by products has no tax rule group in taxRulesMap`);
  if (missingPermissions.length) setupNeeded.push(`the webservice key lacks: ${missingPermissions.map((p) => `${p.resource} ${p.methods.join('/').toUpperCase()}`).join(', ')}`);
  return {
    ok: missingPermissions.length === 0,
    error: null,
    version: info.version,
    major: info.major,
    shopName: info.shopName,
    patchAvailable: info.patchAvailable,
    missingPermissions,
    languages: info.languages.map((l) => ({ id: l.id, isoCode: l.isoCode, name: l.name, active: l.active })),
    taxRuleGroups: groups.map((g) => ({ id: g.id, name: g.name, active: g.active, rate: rateInName(g.name) })),
    rootCategoryId,
    rootCategories,
    setupNeeded,
    proposal: discover ? propose(info.languages, groups) : null,
  };
}
