import { QueryTypes, type Sequelize } from 'sequelize';
import type { ProductView } from './productRow';

/** The central fields a shop payload is built from (one product row type: a slice of ProductView). */
export type PushProductRow = Pick<ProductView, 'id' | 'sku' | 'name' | 'description' | 'shortDescription' | 'ean' | 'priceNet' | 'vatRate' | 'weightKg' | 'stock' | 'status'>;

/** A product's per-shop overrides (table product_shop_data); null fields take the central value. */
export interface ShopOverrideRow {
  name: string | null;
  description: string | null;
  shortDescription: string | null;
  priceNet: string | null;
  active: boolean | null;
}

/** A product's category as the shop knows it (a mapped central category). */
export interface MappedCategoryRow {
  productId: number;
  remoteId: number;
  isPrimary: boolean;
}

export interface ProductsForShop {
  products: PushProductRow[];
  overrides: Array<ShopOverrideRow & { productId: number }>;
  categories: MappedCategoryRow[];
}

/** What the catalogue holds for `productIds` in one shop, in three set-based queries; missing products are absent. */
export async function readProductsForShop(sequelize: Sequelize, productIds: number[], shopId: number): Promise<ProductsForShop> {
  const products = await sequelize.query<PushProductRow>(
    `SELECT id, sku, name, description, short_description AS "shortDescription", ean, price_net AS "priceNet",
            vat_rate AS "vatRate", weight_kg AS "weightKg", stock, status
       FROM products WHERE id = ANY($1::int[])`,
    { bind: [productIds], type: QueryTypes.SELECT },
  );
  const overrides = await sequelize.query<ShopOverrideRow & { productId: number }>(
    `SELECT product_id AS "productId", name, description, short_description AS "shortDescription", price_net AS "priceNet", active
       FROM product_shop_data WHERE shop_id = $1 AND product_id = ANY($2::int[])`,
    { bind: [shopId, productIds], type: QueryTypes.SELECT },
  );
  const categories = await sequelize.query<MappedCategoryRow>(
    `SELECT pc.product_id AS "productId", m.remote_id AS "remoteId", pc.is_primary AS "isPrimary"
       FROM product_categories pc JOIN category_shop_map m ON m.category_id = pc.category_id AND m.shop_id = $1
      WHERE pc.product_id = ANY($2::int[])`,
    { bind: [shopId, productIds], type: QueryTypes.SELECT },
  );
  return { products, overrides, categories };
}
