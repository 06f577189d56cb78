import type { ResourceDef } from './resourceModel';
import type { ShopStore } from './shopStore';
import { WsError } from './wsError';

export function stockAvailableResource(store: ShopStore): ResourceDef {
  const v8 = store.version === '8.2';
  return {
    name: 'stock_availables',
    singular: 'stock_available',
    className: 'StockAvailable',
    description: 'Available quantities',
    fields: [
      { name: 'id_product', type: 'int', required: true, validate: 'isUnsignedId', xlink: 'products' },
      { name: 'id_product_attribute', type: 'int', required: true, validate: 'isUnsignedId', xlink: 'combinations' },
      { name: 'id_shop', type: 'int', validate: 'isUnsignedId', xlink: 'shops' },
      { name: 'id_shop_group', type: 'int', validate: 'isUnsignedId', xlink: 'shop_groups' },
      { name: 'quantity', type: 'int', required: true, validate: 'isInt', size: v8 ? undefined : 10 },
      { name: 'depends_on_stock', type: 'bool', required: true, validate: 'isBool' },
      { name: 'out_of_stock', type: 'int', required: true, validate: 'isInt' },
      { name: 'location', type: 'string', size: 255, validate: 'isString' },
    ],
    associations: [],
    forbidden: ['POST', 'DELETE'],
    beforeSave: (draft) => {
      if (v8) {
        const q = Number(draft.values.quantity);
        if (q < -2147483648 || q > 2147483647) {
          throw new WsError(400, 85, `Validation error: "The range of property StockAvailable->quantity is currently ${draft.values.quantity}. It must be between -2147483648 and 2147483647."`);
        }
      }
      if (draft.values.depends_on_stock === '1') {
        throw new WsError(500, 46, 'Unable to save resource', [{ code: 133, message: 'You cannot update the available stock when it depends on stock.' }]);
      }
      void store;
    },
  };
}
