import { QueryTypes, type Sequelize } from 'sequelize';
import { PRODUCT_COLUMN, type ProductWrite } from '../../src/catalog/productCatalog';

/**
 * Test seeding for the `products` table, in plain SQL (the catalogue's own writes go through src/catalog, which
 * also checks ownership and logs the actor; a test that only needs rows to exist writes them here). A field left
 * out takes the column's default (currency PLN, stock 0, status active, the rest NULL).
 */
export type ProductSeed = Omit<ProductWrite, 'categoryIds'> & {
  sku: string;
  name: string;
  erpSourceId?: number | null;
  erpExternalId?: string | null;
  erpContentHash?: string | null;
};

type Field = keyof ProductSeed;

/** The catalogue's own column map, plus the ERP link a pull writes. */
const COLUMN: Record<Field, string> = { ...PRODUCT_COLUMN, erpSourceId: 'erp_source_id', erpExternalId: 'erp_external_id', erpContentHash: 'erp_content_hash' };
const FIELDS = Object.keys(COLUMN) as Field[];

/** Inserts `rows` in one statement; their ids, in the order given. */
export async function insertProducts(db: Sequelize, rows: ProductSeed[]): Promise<number[]> {
  if (!rows.length) return [];
  const bind: unknown[] = [];
  const values = rows.map((row) => `(${FIELDS.map((f) => (row[f] === undefined ? 'DEFAULT' : `$${bind.push(row[f])}`)).join(', ')})`);
  const out = await db.query<{ id: number }>(`INSERT INTO products (${FIELDS.map((f) => COLUMN[f]).join(', ')}) VALUES ${values.join(', ')} RETURNING id`, {
    bind,
    type: QueryTypes.SELECT,
  });
  return out.map((r) => r.id);
}

/** Changes fields of the given products and stamps `updated_at`, as an edit does. */
export async function updateProducts(db: Sequelize, ids: number | number[], patch: Partial<ProductSeed>): Promise<void> {
  const fields = FIELDS.filter((f) => patch[f] !== undefined);
  await db.query(`UPDATE products SET ${fields.map((f, i) => `${COLUMN[f]} = $${i + 2}`).join(', ')}${fields.length ? ', ' : ''}updated_at = now() WHERE id = ANY($1::int[])`, {
    bind: [Array.isArray(ids) ? ids : [ids], ...fields.map((f) => patch[f])],
  });
}

/** Deletes the products a test made: by SKU prefix, by SKUs, by ids, or every product. */
export async function deleteProducts(db: Sequelize, which: { skuPrefix: string } | { skus: string[] } | { ids: number[] } | 'all'): Promise<void> {
  if (which === 'all') await db.query(`DELETE FROM products`);
  else if ('skuPrefix' in which) await db.query(`DELETE FROM products WHERE sku LIKE $1 || '%'`, { bind: [which.skuPrefix] });
  else if ('skus' in which) await db.query(`DELETE FROM products WHERE sku = ANY($1::text[])`, { bind: [which.skus] });
  else await db.query(`DELETE FROM products WHERE id = ANY($1::int[])`, { bind: [which.ids] });
}
