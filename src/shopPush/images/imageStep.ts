import type { Sequelize } from 'sequelize';
import type { ShopGateway } from '../shopGateway';
import { pushProductImages } from './pushProductImages';

/**
 * The item's image step (runs after its product is written or found unchanged): true when it changed the shop's
 * images. Undefined for a gateway without an image port. `undoKey` names the job run whose compensation may undo
 * it; `alwaysLogUndo` logs the image set before the change even for items that log no product undo row (a
 * single-product sync, whose undo travels through its workflow).
 */
export function imageStep(sequelize: Sequelize, gateway: ShopGateway, shopId: number, undoKey: string, alwaysLogUndo = false) {
  const port = gateway.images;
  if (!port) return undefined;
  return async (item: { productId: number; logUndo: boolean; force: boolean }, remoteId: number): Promise<boolean> => {
    const r = await pushProductImages({ sequelize, port, shopId, jobId: undoKey }, item.productId, remoteId, { logUndo: item.logUndo || alwaysLogUndo, force: item.force });
    return r.uploaded + r.deleted > 0 || r.coverSet;
  };
}
