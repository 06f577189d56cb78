import type { ProductStatus } from '../productRow';
import type { ProductFilter } from '../filteredProducts';

/** What a mass edit changes, and over which products (the API validates them with api/schemas/massEditSchemas). */
export interface MassEditChanges {
  status?: ProductStatus;
  price?: { mode: 'set' | 'percent' | 'amount'; value: string; rounding?: 'none' | 'cents' | 'whole' | 'end99' };
  setCategoryIds?: number[];
  addCategoryIds?: number[];
  removeCategoryIds?: number[];
}

export type MassEditSelection = { ids: number[] } | { filter: ProductFilter };

/** The fields a mass edit can change, as the preview shows them before and after. */
export interface MassEditState {
  status: string;
  priceNet: string | null;
  categoryIds: number[];
}
