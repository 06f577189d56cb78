import type { AssociationDef, Draft, Entity, FieldDef, ResourceDef } from './resourceModel';
import { mysqlNow, type ShopStore } from './shopStore';
import { str2url } from './str2url';
import { WsError } from './wsError';

/** Product ids in the category, in position order. */
function productsIn(store: ShopStore, categoryId: number): readonly number[] {
  return store.categoryProducts.get(categoryId) ?? [];
}

/** Keeps the product's place in the categories it stays in, appends it to the new ones, leaves the others. */
function setProductCategories(store: ShopStore, product: Entity, ids: number[]): void {
  const unique = [...new Set(ids)];
  const keep = new Set(unique);
  for (const catId of store.categoryProducts.categoryIds()) if (!keep.has(catId)) store.categoryProducts.remove(catId, product.id);
  for (const catId of unique) store.categoryProducts.append(catId, product.id);
  product.assoc.categories = unique.map((id) => ({ id: String(id) }));
}

/** The `link_rewrite` POST modifier: generated from the name where empty, slugified where invalid. */
export function linkRewriteModifier(draft: Draft): void {
  const names = draft.i18n.name ?? {};
  const slugs = (draft.i18n.link_rewrite ??= {});
  for (const [lang, name] of Object.entries(names)) {
    const current = slugs[Number(lang)] ?? '';
    if (current === '') slugs[Number(lang)] = str2url(name);
    else if (!/^[_a-zA-Z0-9-]+$/.test(current)) slugs[Number(lang)] = str2url(current);
  }
}

export function productResource(store: ShopStore): ResourceDef {
  const v8 = store.version === '8.2';
  const categoryCount = (draft: Draft) => productsIn(store, Number(draft.values.id_category_default ?? 0) || 0).length;

  const fields: FieldDef[] = [
    { name: 'id_manufacturer', type: 'int', validate: 'isUnsignedId', xlink: 'manufacturers' },
    { name: 'id_supplier', type: 'int', validate: 'isUnsignedId', xlink: 'suppliers' },
    { name: 'id_category_default', type: 'int', validate: 'isUnsignedId', xlink: 'categories' },
    { name: 'new', type: 'string', virtual: { get: () => null, set: () => undefined } },
    { name: 'cache_default_attribute', type: 'int' },
    {
      name: 'id_default_image',
      type: 'int',
      virtual: {
        get: (e) => store.productImages(e.id).find((i) => i.cover)?.id ?? null,
        set: (draft, raw) => {
          const id = Number(raw);
          const img = store.images.get(id);
          if (!img || img.productId !== draft.id) return;
          for (const other of store.productImages(img.productId)) other.cover = other.id === id;
        },
      },
    },
    { name: 'id_default_combination', type: 'int', virtual: { get: () => 0, set: () => undefined } },
    { name: 'id_tax_rules_group', type: 'int', validate: 'isUnsignedId', xlink: 'tax_rule_groups' },
    {
      name: 'position_in_category',
      type: 'int',
      virtual: {
        get: (e) => {
          const idx = store.categoryProducts.position(Number(e.values.id_category_default), e.id);
          return idx < 0 ? '' : String(idx + 1);
        },
        set: (draft, raw) => {
          const pos = Number(raw);
          if (raw === '' || !(pos > 0)) throw new WsError(500, 134, 'You cannot set 0 or a negative position, the minimum is 1.');
          if (pos > categoryCount(draft)) {
            throw new WsError(500, 135, 'You cannot set a position greater than the total number of products in the category, starting at 1.');
          }
          const catId = Number(draft.values.id_category_default);
          if (draft.id !== null && store.categoryProducts.has(catId, draft.id)) {
            const list = productsIn(store, catId).filter((p) => p !== draft.id);
            list.splice(Math.trunc(pos) - 1, 0, draft.id);
            store.categoryProducts.set(catId, list);
          }
        },
      },
    },
    { name: 'manufacturer_name', type: 'string', virtual: { get: () => '', set: false } },
    { name: 'quantity', type: 'int', virtual: { get: () => 0, set: false } },
    {
      name: 'type',
      type: 'string',
      virtual: {
        get: (e) => (e.values.cache_is_pack === '1' ? 'pack' : e.values.is_virtual === '1' ? 'virtual' : 'simple'),
        set: (draft, raw) => {
          if (raw === 'pack') Object.assign(draft.values, { cache_is_pack: '1', is_virtual: '0', product_type: 'pack' });
          else if (raw === 'virtual') Object.assign(draft.values, { cache_is_pack: '0', is_virtual: '1', product_type: 'virtual' });
          else if (raw === 'simple') Object.assign(draft.values, { cache_is_pack: '0', is_virtual: '0' });
        },
      },
    },
    { name: 'id_shop_default', type: 'int', validate: 'isUnsignedId' },
    { name: 'reference', type: 'string', size: 64, validate: 'isReference' },
    { name: 'supplier_reference', type: 'string', size: 64, validate: 'isReference' },
    { name: 'location', type: 'string', size: 255, validate: 'isString' },
    { name: 'width', type: 'float', validate: 'isUnsignedFloat' },
    { name: 'height', type: 'float', validate: 'isUnsignedFloat' },
    { name: 'depth', type: 'float', validate: 'isUnsignedFloat' },
    { name: 'weight', type: 'float', validate: 'isUnsignedFloat' },
    { name: 'quantity_discount', type: 'bool', validate: 'isBool' },
    { name: 'ean13', type: 'string', size: 13, validate: 'isEan13' },
    { name: 'isbn', type: 'string', size: 32, validate: 'isIsbn' },
    { name: 'upc', type: 'string', size: 12, validate: 'isUpc' },
    { name: 'mpn', type: 'string', size: 40, validate: 'isMpn' },
    { name: 'cache_is_pack', type: 'bool', validate: 'isBool' },
    { name: 'cache_has_attachments', type: 'bool', validate: 'isBool' },
    { name: 'is_virtual', type: 'bool', validate: 'isBool' },
    { name: 'state', type: 'int', validate: 'isUnsignedId' },
    { name: 'additional_delivery_times', type: 'int', validate: 'isUnsignedId' },
    { name: 'delivery_in_stock', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
    { name: 'delivery_out_stock', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
    { name: 'product_type', type: 'string', validate: 'isGenericName', values: ['standard', 'pack', 'virtual', 'combinations', ''] },
    { name: 'on_sale', type: 'bool', validate: 'isBool' },
    { name: 'online_only', type: 'bool', validate: 'isBool' },
    { name: 'ecotax', type: 'float', validate: 'isPrice' },
    { name: 'minimal_quantity', type: 'int', validate: v8 ? 'isPositiveInt' : 'isUnsignedInt' },
    { name: 'low_stock_threshold', type: 'int', validate: 'isInt', nullable: true },
    { name: 'low_stock_alert', type: 'bool', validate: 'isBool' },
    { name: 'price', type: 'float', required: true, validate: 'isPrice' },
    { name: 'wholesale_price', type: 'float', validate: 'isPrice' },
    { name: 'unity', type: 'string', validate: 'isString' },
    ...(v8 ? [{ name: 'unit_price', type: 'float', validate: 'isPrice' } as FieldDef] : []),
    { name: 'unit_price_ratio', type: 'float' },
    { name: 'additional_shipping_cost', type: 'float', validate: 'isPrice' },
    { name: 'customizable', type: 'int', validate: 'isUnsignedInt' },
    { name: 'text_fields', type: 'int', validate: 'isUnsignedInt' },
    { name: 'uploadable_files', type: 'int', validate: 'isUnsignedInt' },
    { name: 'active', type: 'bool', validate: 'isBool' },
    { name: 'redirect_type', type: 'string', validate: 'isString' },
    { name: 'id_type_redirected', type: 'int', validate: 'isUnsignedId' },
    { name: 'available_for_order', type: 'bool', validate: 'isBool' },
    { name: 'available_date', type: 'date', validate: 'isDateFormat' },
    { name: 'show_condition', type: 'bool', validate: 'isBool' },
    { name: 'condition', type: 'string', validate: 'isGenericName', values: ['new', 'used', 'refurbished'], default: 'new' },
    { name: 'show_price', type: 'bool', validate: 'isBool' },
    { name: 'indexed', type: 'bool', validate: 'isBool' },
    { name: 'visibility', type: 'string', validate: 'isProductVisibility', values: ['both', 'catalog', 'search', 'none'], default: 'both' },
    { name: 'advanced_stock_management', type: 'bool', validate: 'isBool' },
    { name: 'date_add', type: 'datetime', validate: 'isDate' },
    { name: 'date_upd', type: 'datetime', validate: 'isDate' },
    { name: 'pack_stock_type', type: 'int', validate: 'isUnsignedInt' },
    { name: 'meta_description', type: 'string', i18n: true, size: 512, validate: 'isGenericName' },
    { name: 'meta_keywords', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
    { name: 'meta_title', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
    { name: 'link_rewrite', type: 'string', i18n: true, size: 128, validate: 'isLinkRewrite' },
    { name: 'name', type: 'string', i18n: true, size: 128, validate: 'isCatalogName' },
    { name: 'description', type: 'html', i18n: true, size: v8 ? 4194303 : undefined, validate: 'isCleanHtml' },
    { name: 'description_short', type: 'html', i18n: true, size: v8 ? 4194303 : undefined, validate: 'isCleanHtml' },
    { name: 'available_now', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
    { name: 'available_later', type: 'string', i18n: true, size: 255, validate: 'isGenericName' },
  ];

  const stored = (name: string): AssociationDef['get'] => (e) => e.assoc[name] ?? [];
  const replace =
    (name: string): NonNullable<AssociationDef['set']> =>
    (e, items) => {
      e.assoc[name] = items;
    };

  const associations: AssociationDef[] = [
    {
      name: 'categories',
      nodeType: 'category',
      api: 'categories',
      itemFields: ['id'],
      get: stored('categories'),
      set: (e, items) =>
        setProductCategories(
          store,
          e,
          items.map((i) => Number(i.id)).filter((n) => Number.isInteger(n) && n > 0),
        ),
    },
    { name: 'images', nodeType: 'image', api: 'images', itemFields: ['id'], get: (e) => store.productImages(e.id).map((i) => ({ id: String(i.id) })) },
    { name: 'combinations', nodeType: 'combination', api: 'combinations', itemFields: ['id'], get: (e) => store.candidates('combinations', 'id_product', String(e.id)).filter((c) => c.values.id_product === String(e.id)).map((c) => ({ id: String(c.id) })) },
    { name: 'product_option_values', nodeType: 'product_option_value', api: 'product_option_values', itemFields: ['id'], get: () => [] },
    { name: 'product_features', nodeType: 'product_feature', api: 'product_features', itemFields: ['id', 'id_feature_value'], get: stored('product_features'), set: replace('product_features') },
    { name: 'tags', nodeType: 'tag', api: 'tags', itemFields: ['id'], get: stored('tags'), set: replace('tags') },
    {
      name: 'stock_availables',
      nodeType: 'stock_available',
      api: 'stock_availables',
      itemFields: ['id', 'id_product_attribute'],
      get: (e) =>
        store
          .candidates('stock_availables', 'id_product', String(e.id))
          .filter((s) => s.values.id_product === String(e.id))
          .map((s) => ({ id: String(s.id), id_product_attribute: s.values.id_product_attribute })),
    },
    ...(v8 ? [{ name: 'attachments', nodeType: 'attachment', api: 'attachments', itemFields: ['id'], get: stored('attachments'), set: replace('attachments') } as AssociationDef] : []),
    { name: 'accessories', nodeType: 'product', api: 'products', itemFields: ['id'], get: stored('accessories'), set: replace('accessories') },
    { name: 'product_bundle', nodeType: 'product', api: 'products', itemFields: ['id', 'id_product_attribute', 'quantity'], get: stored('product_bundle'), set: replace('product_bundle') },
  ];

  return {
    name: 'products',
    singular: 'product',
    className: 'Product',
    description: 'The products',
    fields,
    associations,
    forbidden: [],
    postModifier: linkRewriteModifier,
    beforeSave: (draft, method, existing) => {
      const now = mysqlNow();
      if (method === 'POST') draft.values.date_add = now;
      else if (draft.values.date_add === null || draft.values.date_add === undefined) draft.values.date_add = method === 'PATCH' ? existing?.values.date_add ?? now : now;
      draft.values.date_upd = now;
      if (!draft.values.id_shop_default) draft.values.id_shop_default = '1';
    },
    afterAdd: (e) => {
      const id = store.allocateId('stock_availables');
      store.put('stock_availables', {
        id,
        values: {
          id_product: String(e.id),
          id_product_attribute: '0',
          id_shop: '1',
          id_shop_group: '0',
          quantity: '0',
          depends_on_stock: '0',
          out_of_stock: e.values.is_virtual === '1' ? '1' : '2',
          location: '',
        },
        i18n: {},
        assoc: {},
      });
    },
    afterDelete: (e) => {
      for (const s of store.candidates('stock_availables', 'id_product', String(e.id))) if (s.values.id_product === String(e.id)) store.remove('stock_availables', s.id);
      for (const img of store.productImages(e.id)) store.images.delete(img.id);
      for (const catId of store.categoryProducts.categoryIds()) store.categoryProducts.remove(catId, e.id);
    },
  };
}
