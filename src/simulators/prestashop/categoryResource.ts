import { linkRewriteModifier } from './productResource';
import type { ResourceDef } from './resourceModel';
import { mysqlNow, type ShopStore } from './shopStore';

/** Category ids of the whole subtree below (and including) a category. */
function subtree(store: ShopStore, id: number): number[] {
  const children = store.rows('categories').filter((c) => Number(c.values.id_parent) === id && c.id !== id);
  return [id, ...children.flatMap((c) => subtree(store, c.id))];
}

export function categoryResource(store: ShopStore): ResourceDef {
  const v8 = store.version === '8.2';
  return {
    name: 'categories',
    singular: 'category',
    className: 'Category',
    description: 'The product categories',
    fields: [
      { name: 'id_parent', type: 'int', validate: 'isUnsignedInt', xlink: 'categories' },
      { name: 'level_depth', type: 'int', validate: 'isUnsignedInt', virtual: { get: (e) => e.values.level_depth ?? '0', set: false } },
      {
        name: 'nb_products_recursive',
        type: 'int',
        virtual: {
          get: (e) => new Set(subtree(store, e.id).flatMap((c) => store.categoryProducts.get(c) ?? [])).size,
          set: false,
        },
      },
      { name: 'active', type: 'bool', required: true, validate: 'isBool' },
      { name: 'id_shop_default', type: 'int', validate: 'isUnsignedId' },
      { name: 'is_root_category', type: 'bool', validate: 'isBool' },
      { name: 'position', type: 'int' },
      { name: 'date_add', type: 'datetime', validate: 'isDate' },
      { name: 'date_upd', type: 'datetime', validate: 'isDate' },
      { name: 'name', type: 'string', i18n: true, required: true, size: 128, validate: 'isCatalogName' },
      { name: 'link_rewrite', type: 'string', i18n: true, required: true, size: 128, validate: 'isLinkRewrite' },
      { name: 'description', type: 'html', i18n: true, size: v8 ? 4194303 : undefined, validate: 'isCleanHtml' },
      ...(v8 ? [{ name: 'additional_description', type: 'html' as const, i18n: true, size: 4194303, validate: 'isCleanHtml' as const }] : []),
      { name: 'meta_title', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
      { name: 'meta_description', type: 'string', i18n: true, size: 512, validate: 'isGenericName' },
      { name: 'meta_keywords', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
    ],
    associations: [
      {
        name: 'categories',
        nodeType: 'category',
        api: 'categories',
        itemFields: ['id'],
        get: (e) =>
          store
            .rows('categories')
            .filter((c) => Number(c.values.id_parent) === e.id && c.id !== e.id && c.values.active === '1')
            .sort((a, b) => Number(a.values.position) - Number(b.values.position))
            .map((c) => ({ id: String(c.id) })),
      },
      { name: 'products', nodeType: 'product', api: 'products', itemFields: ['id'], get: (e) => (store.categoryProducts.get(e.id) ?? []).map((id) => ({ id: String(id) })) },
    ],
    forbidden: [],
    postModifier: linkRewriteModifier,
    beforeSave: (draft, method, existing) => {
      const now = mysqlNow();
      if (method === 'POST' || !draft.values.date_add) draft.values.date_add = method === 'PATCH' ? existing?.values.date_add ?? now : now;
      draft.values.date_upd = now;
      if (draft.values.is_root_category === '1' && method === 'POST') draft.values.id_parent = '1';
      const parent = store.get('categories', Number(draft.values.id_parent ?? 0));
      draft.values.level_depth = parent ? String(Number(parent.values.level_depth) + 1) : '0';
      const parentChanged = !existing || existing.values.id_parent !== String(Number(draft.values.id_parent ?? 0));
      if (parentChanged) {
        const siblings = store.rows('categories').filter((c) => c.values.id_parent === String(Number(draft.values.id_parent ?? 0)) && c.id !== draft.id);
        draft.values.position = String(siblings.length);
      }
    },
  };
}
