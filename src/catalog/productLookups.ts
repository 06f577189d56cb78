import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** Whether a product with this id exists (archived ones too). */
export async function productExists(sequelize: Sequelize, id: number): Promise<boolean> {
  const rows = await sequelize.query<{ id: number }>(`SELECT id FROM products WHERE id = $1`, { bind: [id], type: QueryTypes.SELECT });
  return rows.length > 0;
}

/** The SKUs of `productIds` (missing products are absent). */
export async function productSkus(sequelize: Sequelize, productIds: number[]): Promise<Map<number, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await sequelize.query<{ id: number; sku: string }>(`SELECT id, sku FROM products WHERE id = ANY($1::int[])`, {
    bind: [productIds],
    type: QueryTypes.SELECT,
  });
  return new Map(rows.map((r) => [r.id, r.sku]));
}

/** The VAT rates (as "23", "8", …) that products not archived use. */
export async function vatRatesInUse(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ rate: string }>(`SELECT DISTINCT vat_rate::float8::text AS rate FROM products WHERE vat_rate IS NOT NULL AND status <> 'archived' ORDER BY 1`, { type: QueryTypes.SELECT });
  return rows.map((r) => r.rate);
}

/** The central fields an export row holds, for `productIds` (missing products are absent). */
export async function exportProductFields(sequelize: Sequelize, productIds: number[]): Promise<Array<Record<string, unknown> & { id: number }>> {
  return sequelize.query<Record<string, unknown> & { id: number }>(
    `SELECT id, sku, name, ean, price_net AS "priceNet", vat_rate AS "vatRate", stock, status, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"
       FROM products WHERE id = ANY($1::int[])`,
    { bind: [productIds], type: QueryTypes.SELECT },
  );
}

/** Marks `productIds` as changed (`updated_at = now()`, which the push and the ETags see), inside `transaction` if given. */
export async function touchProducts(sequelize: Sequelize, productIds: number[], transaction?: Transaction): Promise<void> {
  await sequelize.query(`UPDATE products SET updated_at = now() WHERE id = ANY($1::int[])`, { bind: [productIds], transaction });
}

/** The number of active products. */
export async function activeProductCount(sequelize: Sequelize): Promise<number> {
  const [{ active }] = await sequelize.query<{ active: number }>(`SELECT count(*)::int AS active FROM products WHERE status = 'active'`, { type: QueryTypes.SELECT });
  return active;
}
