import type { Sequelize } from 'sequelize';
import { productETag } from '../catalog/productETag';
import { currentProductETag, type WritePrecondition } from '../catalog/productWriteLock';
import { ifMatchPrecondition } from './openapi/ifMatch';

/**
 * The If-Match guard of product writes (the product row and its content: texts, categories, images), the
 * runtime side of `ifMatchWrite` routes: the precondition a write runs under (428 here when If-Match is required
 * and missing; the write answers 412 when the product changed since) and the ETag header of the answer.
 */
export class ProductWriteGuard {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly requireIfMatch: boolean,
  ) {}

  /** The precondition of the request's validated If-Match header. */
  precondition(headers: { 'if-match'?: string }): WritePrecondition | undefined {
    return ifMatchPrecondition(headers['if-match'], this.requireIfMatch);
  }

  /** The ETag header of a product row the write returned. */
  etagOf(product: { id: number; version: number }): { ETag: string } {
    return { ETag: productETag(product) };
  }

  /** The ETag header of the product as it is after a write of its content. */
  async currentETag(productId: number): Promise<{ ETag: string }> {
    return { ETag: (await currentProductETag(this.sequelize, productId)) ?? '' };
  }
}
