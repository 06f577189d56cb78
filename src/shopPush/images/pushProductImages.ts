import { QueryTypes, type Sequelize } from 'sequelize';
import { ImageLedger, type ImageLedgerRow } from './imageLedger';
import type { ShopImagePort } from './shopImagePort';
import { type ImageSyncOptions, type ImageSyncResult, syncProductImages } from './syncProductImages';

export interface ImagePushScope {
  sequelize: Sequelize;
  port: ShopImagePort;
  shopId: number;
  jobId: string;
}

/**
 * The push's image step for one product in one shop, after the product itself is written: our images in the shop
 * become the central list (order, cover). Zero calls when the ledger already matches.
 */
export async function pushProductImages(scope: ImagePushScope, productId: number, remoteProductId: number, opts: Omit<ImageSyncOptions, 'jobId'>): Promise<ImageSyncResult> {
  const ledger = new ImageLedger(scope.sequelize, productId, scope.shopId);
  const wanted = await ledger.wanted();
  return syncProductImages(scope.port, ledger, remoteProductId, wanted, { ...opts, jobId: scope.jobId }, (sha) => ledger.bytes(scope.jobId, sha));
}

/**
 * Compensation: every product whose images this job changed in the shop gets its earlier image set back (order and
 * cover; contents the job deleted are uploaded again from the originals it kept), newest first. A product the undo
 * removed from the shop (the job created it) only loses its ledger rows. Returns how many products were put back.
 */
export async function undoJobImages(scope: ImagePushScope): Promise<number> {
  const undos = await scope.sequelize.query<{ id: number; productId: number; remoteProductId: number; before: ImageLedgerRow[] }>(
    `SELECT id, product_id AS "productId", remote_product_id AS "remoteProductId", before FROM job_image_undo
      WHERE job_id = $1 AND shop_id = $2 AND state = 'pending' ORDER BY id DESC`,
    { bind: [scope.jobId, scope.shopId], type: QueryTypes.SELECT },
  );
  for (const u of undos) {
    const ledger = new ImageLedger(scope.sequelize, u.productId, scope.shopId);
    const [live] = await scope.sequelize.query<{ remoteId: number | null }>(`SELECT remote_id AS "remoteId" FROM sync_state WHERE product_id = $1 AND shop_id = $2`, {
      bind: [u.productId, scope.shopId],
      type: QueryTypes.SELECT,
    });
    if (live?.remoteId !== u.remoteProductId) {
      await ledger.remove((await ledger.rows()).filter((r) => r.remoteProductId === u.remoteProductId).map((r) => r.sha256));
    } else {
      const before = [...u.before].sort((a, b) => a.position - b.position);
      await syncProductImages(scope.port, ledger, u.remoteProductId, before, { jobId: scope.jobId, logUndo: false, force: false }, (sha) => ledger.bytes(scope.jobId, sha));
    }
    await scope.sequelize.query(`UPDATE job_image_undo SET state = 'done' WHERE id = $1`, { bind: [u.id] });
  }
  await scope.sequelize.query(`DELETE FROM job_image_bytes WHERE job_id = $1 AND shop_id = $2`, { bind: [scope.jobId, scope.shopId] });
  return undos.length;
}
