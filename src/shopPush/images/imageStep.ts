import { QueryTypes, type Sequelize } from 'sequelize';
import type { ShopGateway } from '../shopGateway';
import { pushProductImages } from './pushProductImages';

/**
 * The item's image step (runs after its product is written or found unchanged): true when it changed the shop's
 * images. Undefined for a gateway without an image port. `undoKey` names the job run whose compensation may undo
 * it; `alwaysLogUndo` logs the image set before the change even for items that log no product undo row (a
 * single-product sync, whose undo travels through its workflow). `withImages`, when given, holds the products that
 * have images to push or to take back in this shop (productsWithImageWork): the others cost no SQL and no call
 * (unless forced: a forced push also checks the shop's image list).
 */
export function imageStep(sequelize: Sequelize, gateway: ShopGateway, shopId: number, undoKey: string, alwaysLogUndo = false, withImages?: ReadonlySet<number>) {
  const port = gateway.images;
  if (!port) return undefined;
  return async (item: { productId: number; logUndo: boolean; force: boolean }, remoteId: number): Promise<boolean> => {
    if (withImages && !item.force && !withImages.has(item.productId)) return false;
    const r = await pushProductImages({ sequelize, port, shopId, jobId: undoKey }, item.productId, remoteId, { logUndo: item.logUndo || alwaysLogUndo, force: item.force });
    return r.uploaded + r.deleted > 0 || r.coverSet;
  };
}

/**
 * Of `productIds`, those with image work in `shopId`: a central image, or an image of ours the shop holds (the
 * ledger) that may have to go. One statement per batch, instead of two per item for products without images.
 */
export async function productsWithImageWork(sequelize: Sequelize, shopId: number, productIds: number[]): Promise<Set<number>> {
  if (productIds.length === 0) return new Set();
  const rows = await sequelize.query<{ id: number }>(
    `SELECT DISTINCT product_id AS id FROM product_images WHERE product_id = ANY($2::int[]) AND sha256 IS NOT NULL
     UNION
     SELECT DISTINCT product_id FROM shop_image_ledger WHERE shop_id = $1 AND product_id = ANY($2::int[])`,
    { bind: [shopId, productIds], type: QueryTypes.SELECT },
  );
  return new Set(rows.map((r) => r.id));
}
