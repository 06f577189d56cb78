/**
 * The catalogue filter a filter-based bulk job selects its products by. Plain data with no imports, so the sync
 * workflows can carry it in their input (workflows/syncTypes.ts) and the API, the job starter and the push engine
 * share one shape; src/catalog/productFilter.ts turns it into SQL.
 */
export interface ProductFilter {
  status?: 'active' | 'inactive' | 'archived';
  skuPrefix?: string;
  erpSourceId?: number;
  categoryId?: number;
  updatedSince?: string;
}
