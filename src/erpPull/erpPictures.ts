import crypto from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { ErpPicture, ErpPictureRef } from '../connectors/erp/ErpSource';

/**
 * ERP pictures in the catalogue. They live in `product_images` rows tagged with `erp_picture_id`; images a
 * user added in PPM (no `erp_picture_id`) are never touched by a pull. The stored `erp_change_token` is
 * what lets a pull skip downloading a picture that has not changed.
 */

export interface PicturePlan {
  /** Pictures to download (new, or the change token differs). */
  fetch: { productId: number; productExternalId: string; ref: ErpPictureRef; position: number }[];
  /** ERP picture rows whose picture is no longer listed by the ERP. */
  removeImageIds: number[];
  /** Pictures whose token matched (not downloaded). */
  unchanged: number;
}

/** Compares the ERP's picture refs with the stored tokens for a page of products (one SELECT). */
export async function planErpPictures(
  sequelize: Sequelize,
  products: { productId: number; productExternalId: string; pictures: ErpPictureRef[] }[],
): Promise<PicturePlan> {
  const plan: PicturePlan = { fetch: [], removeImageIds: [], unchanged: 0 };
  if (products.length === 0) return plan;
  const stored = await sequelize.query<{ id: number; product_id: number; erp_picture_id: string; erp_change_token: string | null }>(
    `SELECT id, product_id, erp_picture_id, erp_change_token FROM product_images
      WHERE product_id = ANY($1::int[]) AND erp_picture_id IS NOT NULL`,
    { bind: [products.map((p) => p.productId)], type: QueryTypes.SELECT },
  );
  const byProduct = new Map<number, Map<string, { id: number; token: string | null }>>();
  for (const row of stored) {
    let m = byProduct.get(row.product_id);
    if (!m) byProduct.set(row.product_id, (m = new Map()));
    m.set(row.erp_picture_id, { id: row.id, token: row.erp_change_token });
  }
  for (const p of products) {
    const have = byProduct.get(p.productId) ?? new Map();
    const listed = new Set<string>();
    p.pictures.forEach((ref, position) => {
      listed.add(ref.externalId);
      const cur = have.get(ref.externalId);
      if (cur && cur.token === ref.changeToken) plan.unchanged++;
      else plan.fetch.push({ productId: p.productId, productExternalId: p.productExternalId, ref, position });
    });
    for (const [pictureId, cur] of have) if (!listed.has(pictureId)) plan.removeImageIds.push(cur.id);
  }
  return plan;
}

/**
 * Stores one downloaded ERP picture (insert or replace the row of that ERP picture id). It is the main image
 * only when the ERP says so and the user has not chosen a main image of their own.
 */
export async function saveErpPicture(
  sequelize: Sequelize,
  productId: number,
  ref: ErpPictureRef,
  position: number,
  picture: ErpPicture,
): Promise<void> {
  const sha256 = crypto.createHash('sha256').update(picture.data).digest('hex');
  await sequelize.query(
    `WITH main AS (
       SELECT $6::boolean AND NOT EXISTS (
         SELECT 1 FROM product_images WHERE product_id = $1 AND erp_picture_id IS NULL AND is_main) AS is_main
     ),
     upd AS (
       UPDATE product_images SET content_type = $3, data = $4, sha256 = $5, erp_change_token = $7,
              position = $8, is_main = (SELECT is_main FROM main), updated_at = now()
        WHERE product_id = $1 AND erp_picture_id = $2
       RETURNING id
     )
     INSERT INTO product_images (product_id, erp_picture_id, content_type, data, sha256, erp_change_token, position, is_main)
     SELECT $1, $2, $3, $4, $5, $7, $8, (SELECT is_main FROM main)
      WHERE NOT EXISTS (SELECT 1 FROM upd)`,
    { bind: [productId, ref.externalId, picture.contentType.slice(0, 64), picture.data, sha256, ref.isMain, ref.changeToken, position] },
  );
}

export async function removeErpPictures(sequelize: Sequelize, imageIds: number[]): Promise<void> {
  if (imageIds.length === 0) return;
  await sequelize.query(`DELETE FROM product_images WHERE id = ANY($1::int[]) AND erp_picture_id IS NOT NULL`, { bind: [imageIds] });
}
