import type { ProductStatus } from '../productRow';
import type { ProductFilter } from '../filteredProducts';

/** What a mass edit changes, and over which products (the API validates them with api/schemas/massEditSchemas). */
export interface MassEditChanges {
  status?: ProductStatus;
  price?: MassEditPrice;
  setCategoryIds?: number[];
  addCategoryIds?: number[];
  removeCategoryIds?: number[];
  /** Per-shop overrides (product_shop_data) to set in each named shop; other override fields are kept. */
  shopOverrides?: ShopOverrideChange[];
}

/** A new price: set, or changed by percent or amount from the current one, rounded. */
export interface MassEditPrice {
  mode: 'set' | 'percent' | 'amount';
  value: string;
  rounding?: 'none' | 'cents' | 'whole' | 'end99';
}

/**
 * One shop's overrides: `price` changes the shop's price (percent and amount from its effective price: the override,
 * else the central price), null removes the override (the central price applies); `active` likewise (null: central).
 */
export interface ShopOverrideChange {
  shopId: number;
  price?: MassEditPrice | null;
  active?: boolean | null;
}

/** A product's overrides in one shop, as the preview shows them (null: the central value applies). */
export interface ShopOverrideState {
  priceNet: string | null;
  active: boolean | null;
}

export type MassEditSelection = { ids: number[] } | { filter: ProductFilter };

/** The fields a mass edit can change, as the preview shows them before and after. */
export interface MassEditState {
  status: string;
  priceNet: string | null;
  categoryIds: number[];
  /** the overrides in the shops the change names, by shop id (absent when it names none) */
  shops?: Record<string, ShopOverrideState>;
}
