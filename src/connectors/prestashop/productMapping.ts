import { associationItems, bool, decimal, int, multilang, str, type RawEntity } from './jsonShapes';
import { linkRewrite } from './linkRewrite';
import type { LangId, PrestaShopMajor, PrestaShopProduct, ProductInput, ProductPatch } from './types';
import type { XmlAssociation, XmlFieldValue } from './xmlWriter';

/**
 * Fields never sent back: read-only ones answer 400/93 (`manufacturer_name`, `quantity`), `position_in_category`
 * fails with 500/134-135 for new or empty categories, the other virtual ones have side effects, and the shop
 * sets `date_upd` itself.
 */
export const NEVER_WRITE = new Set(['manufacturer_name', 'quantity', 'position_in_category', 'new', 'id_default_image', 'id_default_combination', 'type', 'date_upd', 'associations', 'id']);

/** Fields that are multilingual on products (values come as string or `{id,value}[]`). */
export const PRODUCT_I18N = ['delivery_in_stock', 'delivery_out_stock', 'meta_description', 'meta_keywords', 'meta_title', 'link_rewrite', 'name', 'description', 'description_short', 'available_now', 'available_later'];

export function productFromJson(e: RawEntity, singleLangId: LangId): PrestaShopProduct {
  return {
    id: int(e.id),
    reference: str(e.reference),
    names: multilang(e.name, singleLangId),
    descriptions: multilang(e.description, singleLangId),
    shortDescriptions: multilang(e.description_short, singleLangId),
    linkRewrites: multilang(e.link_rewrite, singleLangId),
    metaTitles: multilang(e.meta_title, singleLangId),
    metaDescriptions: multilang(e.meta_description, singleLangId),
    price: decimal(e.price),
    idTaxRulesGroup: int(e.id_tax_rules_group),
    active: bool(e.active),
    state: int(e.state),
    ean13: str(e.ean13),
    weight: decimal(e.weight),
    defaultCategoryId: int(e.id_category_default),
    categoryIds: associationItems(e, 'categories').map((c) => int(c.id)),
    imageIds: associationItems(e, 'images').map((c) => int(c.id)),
    stockAvailables: associationItems(e, 'stock_availables').map((s) => ({ id: int(s.id), idProductAttribute: int(s.id_product_attribute) })),
    dateAdd: str(e.date_add) || null,
    dateUpd: str(e.date_upd) || null,
  };
}

/** Every shop language gets a value: the given one, else the first given (so no language shows an empty name). */
function everyLanguage(values: Record<LangId, string>, langIds: LangId[]): Record<LangId, string> {
  const first = Object.values(values)[0] ?? '';
  return Object.fromEntries(langIds.map((id) => [id, values[id] ?? first]));
}

function categoriesAssociation(ids: number[], defaultId: number | undefined): XmlAssociation {
  const all = defaultId !== undefined && !ids.includes(defaultId) ? [defaultId, ...ids] : ids;
  return { item: 'category', items: [...new Set(all)].map((id) => ({ id })) };
}

/** The fields of our product that map 1:1 onto PrestaShop fields (used by create and by updates). */
function mappedFields(p: ProductPatch): Array<[string, XmlFieldValue]> {
  const f: Array<[string, XmlFieldValue]> = [];
  if (p.reference !== undefined) f.push(['reference', p.reference]);
  if (p.price !== undefined) f.push(['price', p.price]);
  if (p.idTaxRulesGroup !== undefined) f.push(['id_tax_rules_group', p.idTaxRulesGroup]);
  if (p.active !== undefined) f.push(['active', p.active ? '1' : '0']);
  if (p.ean13 !== undefined) f.push(['ean13', p.ean13 ?? '']);
  if (p.weight !== undefined) f.push(['weight', p.weight ?? '0']);
  if (p.defaultCategoryId !== undefined) f.push(['id_category_default', p.defaultCategoryId]);
  if (p.names !== undefined) f.push(['name', { langs: p.names }]);
  if (p.descriptions !== undefined) f.push(['description', { langs: p.descriptions }]);
  if (p.shortDescriptions !== undefined) f.push(['description_short', { langs: p.shortDescriptions }]);
  if (p.metaTitles !== undefined) f.push(['meta_title', { langs: p.metaTitles }]);
  if (p.metaDescriptions !== undefined) f.push(['meta_description', { langs: p.metaDescriptions }]);
  if (p.linkRewrites !== undefined) f.push(['link_rewrite', { langs: p.linkRewrites }]);
  return f;
}

/**
 * A full POST body: visible (`state=1`, active as asked, orderable, price shown), a valid `link_rewrite` and a
 * name in every language, the categories including the default one. POST resets every omitted field, so every
 * flag we care about is sent explicitly.
 */
export function createBody(input: ProductInput, langIds: LangId[], major: PrestaShopMajor): { fields: Array<[string, XmlFieldValue]>; associations: Record<string, XmlAssociation> } {
  const names = everyLanguage(input.names, langIds);
  const slugs = Object.fromEntries(Object.entries(names).map(([id, n]) => [id, input.linkRewrites?.[Number(id)] ?? linkRewrite(n)]));
  const fields: Array<[string, XmlFieldValue]> = [
    ...mappedFields({ ...input, names, linkRewrites: slugs }),
    ['state', '1'],
    ['product_type', 'standard'],
    ['available_for_order', '1'],
    ['show_price', '1'],
    ['indexed', '1'],
    ['minimal_quantity', '1'],
    ['visibility', 'both'],
    ['condition', 'new'],
    ['redirect_type', major === '8' ? 'default' : '404'],
  ];
  return { fields, associations: { categories: categoriesAssociation(input.categoryIds, input.defaultCategoryId) } };
}

/** PATCH (8.x): the id and the changed fields only. */
export function patchBody(id: number, patch: ProductPatch): { fields: Array<[string, XmlFieldValue]>; associations: Record<string, XmlAssociation> } {
  const fields: Array<[string, XmlFieldValue]> = [['id', id], ...mappedFields(patch)];
  const associations: Record<string, XmlAssociation> = {};
  if (patch.categoryIds !== undefined) associations.categories = categoriesAssociation(patch.categoryIds, patch.defaultCategoryId);
  return { fields, associations };
}

/**
 * PUT (1.7): the complete product as read (`display=full`, so no key is missing), minus what must never be
 * written, with the patch applied. Associations other than categories are left out, so the shop keeps them.
 */
export function putBody(raw: RawEntity, patch: ProductPatch, singleLangId: LangId): { fields: Array<[string, XmlFieldValue]>; associations: Record<string, XmlAssociation> } {
  const changes = new Map(mappedFields(patch));
  const fields: Array<[string, XmlFieldValue]> = [['id', int(raw.id)]];
  for (const [name, value] of Object.entries(raw)) {
    if (NEVER_WRITE.has(name)) continue;
    const changed = changes.get(name);
    if (PRODUCT_I18N.includes(name)) {
      const stored = multilang(value, singleLangId);
      fields.push([name, { langs: changed && typeof changed === 'object' ? { ...stored, ...changed.langs } : stored }]);
    } else fields.push([name, changed !== undefined ? (changed as string | number) : str(value)]);
    changes.delete(name);
  }
  for (const [name, value] of changes) fields.push([name, value]);
  const associations: Record<string, XmlAssociation> = {};
  if (patch.categoryIds !== undefined) associations.categories = categoriesAssociation(patch.categoryIds, patch.defaultCategoryId ?? int(raw.id_category_default));
  return { fields, associations };
}
