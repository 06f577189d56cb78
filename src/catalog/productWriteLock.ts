import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CatalogError } from './catalogError';
import { productETag } from './productETag';

/** A write's condition on the product as it is (e.g. If-Match): false refuses the write with 412. */
export type WritePrecondition = (current: { id: number; version: number }) => boolean;

/** Refuses the write (412 with the current ETag) when the precondition does not hold. */
export function checkPrecondition(row: { id: number; version: number }, precondition: WritePrecondition | undefined): void {
  if (precondition && !precondition(row)) {
    throw new CatalogError('stale', 'PRECONDITION_FAILED', 'The product changed since you read it: read it again (its ETag) and retry', { etag: productETag(row) });
  }
}

/**
 * Locks the product row for a write of its content (texts, categories, images) inside `t`, after checking that it
 * exists and that the precondition holds, so the If-Match check and the write see the same version.
 */
export async function lockProductForWrite(sequelize: Sequelize, productId: number, t: Transaction, precondition?: WritePrecondition): Promise<void> {
  const rows = await sequelize.query<{ id: number; version: number }>(`SELECT id, version FROM products WHERE id = $1 FOR UPDATE`, { bind: [productId], type: QueryTypes.SELECT, transaction: t });
  if (!rows[0]) throw new CatalogError('not_found', 'PRODUCT_NOT_FOUND', `No product with id ${productId}`);
  checkPrecondition(rows[0], precondition);
}

/** The product's current ETag (sent after a content write), or null when it is gone. */
export async function currentProductETag(sequelize: Sequelize, productId: number): Promise<string | null> {
  const rows = await sequelize.query<{ id: number; version: number }>(`SELECT id, version FROM products WHERE id = $1`, { bind: [productId], type: QueryTypes.SELECT });
  return rows[0] ? productETag(rows[0]) : null;
}
