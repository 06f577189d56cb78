import type { Sequelize } from 'sequelize';
import type { ShopGateway } from '../../sync/shopGateway';
import { pushProductImages } from './pushProductImages';

/**
 * The item's image step (runs after its product is written or found unchanged): true when it changed the shop's
 * images. Undefined for a gateway without an image port.
 */
export function imageStep(sequelize: Sequelize, gateway: ShopGateway, shopId: number, jobId: string) {
  const port = gateway.images;
  if (!port) return undefined;
  return async (item: { productId: number; logUndo: boolean; force: boolean }, remoteId: number): Promise<boolean> => {
    const r = await pushProductImages({ sequelize, port, shopId, jobId }, item.productId, remoteId, { logUndo: item.logUndo, force: item.force });
    return r.uploaded + r.deleted > 0 || r.coverSet;
  };
}
