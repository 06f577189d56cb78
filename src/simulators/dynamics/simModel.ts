/**
 * The Business Central simulator's own data model: the rows behind the API v2.0 entities `companies`, `items`,
 * `itemCategories`, `itemVariants` and `picture`, as the simulated tenant stores them. Property names follow the
 * API v2.0 resource docs (see shared/reference/dynamics-bc.md §3); written for the simulator only.
 */

export interface SimCompanyRow {
  id: string;
  systemVersion: string;
  timestamp: number;
  name: string;
  displayName: string;
  businessProfileId: string;
  systemCreatedAt: string;
  systemCreatedBy: string;
  systemModifiedAt: string;
  systemModifiedBy: string;
}

export interface SimItemRow {
  id: string;
  number: string;
  displayName: string;
  displayName2: string;
  type: 'Inventory' | 'Service' | 'Non-Inventory';
  itemCategoryId: string;
  itemCategoryCode: string;
  blocked: boolean;
  gtin: string;
  inventory: number;
  unitPrice: number;
  priceIncludesTax: boolean;
  unitCost: number;
  taxGroupId: string;
  taxGroupCode: string;
  baseUnitOfMeasureId: string;
  baseUnitOfMeasureCode: string;
  generalProductPostingGroupId: string;
  generalProductPostingGroupCode: string;
  inventoryPostingGroupId: string;
  inventoryPostingGroupCode: string;
  lastModifiedDateTime: string;
}

export interface SimCategoryRow {
  id: string;
  code: string;
  displayName: string;
  lastModifiedDateTime: string;
}

export interface SimVariantRow {
  id: string;
  itemId: string;
  itemNumber: string;
  code: string;
  description: string;
  lastModifiedDateTime: string;
}

/** Picture media of an item. Absent = the item has no picture (the entity then reports 0x0 and no type). */
export interface SimPictureMedia {
  width: number;
  height: number;
  contentType: string;
  content: Buffer;
}

/** One company's data plus the row versions that feed the `@odata.etag`s. */
export interface SimCompanyData {
  company: SimCompanyRow;
  items: Map<string, SimItemRow>; // by id
  categories: Map<string, SimCategoryRow>; // by id
  variants: Map<string, SimVariantRow>; // by id
  pictures: Map<string, SimPictureMedia>; // by item id
  /** Row version per entity id (items, categories, variants, and `picture:<itemId>`). */
  rowVersions: Map<string, number>;
}

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
