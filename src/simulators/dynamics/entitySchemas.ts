/**
 * EDM property types of the entities the simulator serves (reference §3), used to type-check and evaluate
 * OData query options, and the navigation properties each entity can `$expand`.
 */
export type EdmType = 'Edm.String' | 'Edm.Guid' | 'Edm.Boolean' | 'Edm.Decimal' | 'Edm.Int32' | 'Edm.Int64' | 'Edm.DateTimeOffset';

export interface EntitySchema {
  /** OData entity type name, as in `Microsoft.NAV.<name>`. */
  typeName: string;
  properties: Record<string, EdmType>;
  /** Default (primary key) order of the collection. */
  keyOrder: string[];
  navigation: string[];
}

export const COMPANY_SCHEMA: EntitySchema = {
  typeName: 'company',
  properties: {
    id: 'Edm.Guid', systemVersion: 'Edm.String', timestamp: 'Edm.Int64', name: 'Edm.String', displayName: 'Edm.String',
    businessProfileId: 'Edm.String', systemCreatedAt: 'Edm.DateTimeOffset', systemCreatedBy: 'Edm.Guid',
    systemModifiedAt: 'Edm.DateTimeOffset', systemModifiedBy: 'Edm.Guid',
  },
  keyOrder: ['name'],
  navigation: [],
};

export const ITEM_SCHEMA: EntitySchema = {
  typeName: 'item',
  properties: {
    id: 'Edm.Guid', number: 'Edm.String', displayName: 'Edm.String', displayName2: 'Edm.String', type: 'Edm.String',
    itemCategoryId: 'Edm.Guid', itemCategoryCode: 'Edm.String', blocked: 'Edm.Boolean', gtin: 'Edm.String',
    inventory: 'Edm.Decimal', unitPrice: 'Edm.Decimal', priceIncludesTax: 'Edm.Boolean', unitCost: 'Edm.Decimal',
    taxGroupId: 'Edm.Guid', taxGroupCode: 'Edm.String', baseUnitOfMeasureId: 'Edm.Guid', baseUnitOfMeasureCode: 'Edm.String',
    generalProductPostingGroupId: 'Edm.Guid', generalProductPostingGroupCode: 'Edm.String',
    inventoryPostingGroupId: 'Edm.Guid', inventoryPostingGroupCode: 'Edm.String', lastModifiedDateTime: 'Edm.DateTimeOffset',
  },
  keyOrder: ['number'],
  navigation: ['itemCategory', 'picture', 'itemVariants'],
};

export const ITEM_CATEGORY_SCHEMA: EntitySchema = {
  typeName: 'itemCategory',
  properties: { id: 'Edm.Guid', code: 'Edm.String', displayName: 'Edm.String', lastModifiedDateTime: 'Edm.DateTimeOffset' },
  keyOrder: ['code'],
  navigation: [],
};

export const ITEM_VARIANT_SCHEMA: EntitySchema = {
  typeName: 'itemVariant',
  properties: {
    id: 'Edm.Guid', itemId: 'Edm.Guid', itemNumber: 'Edm.String', code: 'Edm.String', description: 'Edm.String',
    lastModifiedDateTime: 'Edm.DateTimeOffset',
  },
  keyOrder: ['itemNumber', 'code'],
  navigation: ['picture'],
};

export const PICTURE_SCHEMA: EntitySchema = {
  typeName: 'picture',
  properties: { id: 'Edm.Guid', parentType: 'Edm.String', width: 'Edm.Int32', height: 'Edm.Int32', contentType: 'Edm.String' },
  keyOrder: ['id'],
  navigation: [],
};
