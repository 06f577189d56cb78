import type { ResourceDef } from './resourceModel';
import type { ShopStore } from './shopStore';

/** Languages, tax rule groups, combinations and specific prices: plain resources without special behaviour. */
export function languageResource(): ResourceDef {
  return {
    name: 'languages',
    singular: 'language',
    className: 'Language',
    description: 'Shop languages',
    fields: [
      { name: 'name', type: 'string', required: true, size: 32, validate: 'isGenericName' },
      { name: 'iso_code', type: 'string', required: true, size: 2, validate: 'isLanguageIsoCode' },
      { name: 'locale', type: 'string', size: 5, validate: 'isLocale' },
      { name: 'language_code', type: 'string', size: 5, validate: 'isLanguageCode' },
      { name: 'active', type: 'bool', validate: 'isBool' },
      { name: 'is_rtl', type: 'bool', validate: 'isBool' },
      { name: 'date_format_lite', type: 'string', required: true, size: 32 },
      { name: 'date_format_full', type: 'string', required: true, size: 32 },
    ],
    associations: [],
    forbidden: [],
  };
}

export function taxRuleGroupResource(): ResourceDef {
  return {
    name: 'tax_rule_groups',
    singular: 'tax_rule_group',
    className: 'TaxRulesGroup',
    description: 'Tax rule groups',
    fields: [
      { name: 'name', type: 'string', required: true, size: 64, validate: 'isGenericName' },
      { name: 'active', type: 'bool', validate: 'isBool' },
      { name: 'deleted', type: 'bool', validate: 'isBool' },
      { name: 'date_add', type: 'datetime', validate: 'isDate' },
      { name: 'date_upd', type: 'datetime', validate: 'isDate' },
    ],
    associations: [],
    forbidden: [],
  };
}

export function combinationResource(store: ShopStore): ResourceDef {
  const v8 = store.version === '8.2';
  return {
    name: 'combinations',
    singular: 'combination',
    className: 'Combination',
    description: 'The product combinations',
    fields: [
      { name: 'id_product', type: 'int', required: true, validate: 'isUnsignedId', xlink: 'products' },
      { name: 'location', type: 'string', size: 255, validate: 'isString' },
      { name: 'ean13', type: 'string', size: 13, validate: 'isEan13' },
      { name: 'isbn', type: 'string', size: 32, validate: 'isIsbn' },
      { name: 'upc', type: 'string', size: 12, validate: 'isUpc' },
      { name: 'mpn', type: 'string', size: 40, validate: 'isMpn' },
      { name: 'reference', type: 'string', size: 64 },
      { name: 'supplier_reference', type: 'string', size: 64 },
      { name: 'wholesale_price', type: 'float', validate: 'isNegativePrice' },
      { name: 'price', type: 'float', validate: 'isNegativePrice' },
      { name: 'ecotax', type: 'float', validate: 'isPrice' },
      { name: 'weight', type: 'float', validate: 'isFloat' },
      { name: 'unit_price_impact', type: 'float', validate: 'isNegativePrice' },
      { name: 'minimal_quantity', type: 'int', required: true, validate: v8 ? 'isPositiveInt' : 'isUnsignedId' },
      { name: 'low_stock_threshold', type: 'int', validate: 'isInt', nullable: true },
      { name: 'low_stock_alert', type: 'bool', validate: 'isBool' },
      { name: 'default_on', type: 'bool', validate: 'isBool', nullable: true },
      { name: 'available_date', type: 'date', validate: 'isDateFormat' },
    ],
    associations: [
      { name: 'product_option_values', nodeType: 'product_option_value', api: 'product_option_values', itemFields: ['id'], get: (e) => e.assoc.product_option_values ?? [], set: (e, items) => void (e.assoc.product_option_values = items) },
      { name: 'images', nodeType: 'image', api: 'images', itemFields: ['id'], get: (e) => e.assoc.images ?? [], set: (e, items) => void (e.assoc.images = items) },
    ],
    forbidden: [],
    afterAdd: (e) => {
      const id = store.allocateId('stock_availables');
      store.put('stock_availables', {
        id,
        values: { id_product: e.values.id_product, id_product_attribute: String(e.id), id_shop: '1', id_shop_group: '0', quantity: '0', depends_on_stock: '0', out_of_stock: '2', location: '' },
        i18n: {},
        assoc: {},
      });
    },
    afterDelete: (e) => {
      for (const s of store.rows('stock_availables')) if (s.values.id_product_attribute === String(e.id)) store.remove('stock_availables', s.id);
    },
  };
}

export function specificPriceResource(): ResourceDef {
  return {
    name: 'specific_prices',
    singular: 'specific_price',
    className: 'SpecificPrice',
    description: 'Specific price management',
    fields: [
      { name: 'id_shop_group', type: 'int', validate: 'isUnsignedId' },
      { name: 'id_shop', type: 'int', required: true, validate: 'isUnsignedId' },
      { name: 'id_cart', type: 'int', required: true, validate: 'isUnsignedId' },
      { name: 'id_product', type: 'int', required: true, validate: 'isUnsignedId', xlink: 'products' },
      { name: 'id_product_attribute', type: 'int', validate: 'isUnsignedId' },
      { name: 'id_currency', type: 'int', required: true, validate: 'isUnsignedId' },
      { name: 'id_specific_price_rule', type: 'int', validate: 'isUnsignedId' },
      { name: 'id_country', type: 'int', required: true, validate: 'isUnsignedId' },
      { name: 'id_group', type: 'int', required: true, validate: 'isUnsignedId' },
      { name: 'id_customer', type: 'int', required: true, validate: 'isUnsignedId' },
      { name: 'price', type: 'float', required: true, validate: 'isNegativePrice' },
      { name: 'from_quantity', type: 'int', required: true, validate: 'isUnsignedInt' },
      { name: 'reduction', type: 'float', required: true, validate: 'isPrice' },
      { name: 'reduction_tax', type: 'bool', required: true, validate: 'isBool' },
      { name: 'reduction_type', type: 'string', required: true, values: ['amount', 'percentage'] },
      { name: 'from', type: 'datetime', required: true, validate: 'isDateFormat' },
      { name: 'to', type: 'datetime', required: true, validate: 'isDateFormat' },
    ],
    associations: [],
    forbidden: [],
  };
}
