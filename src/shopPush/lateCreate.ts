import { isConnectorError } from '../errors/ConnectorError';
import type { ShopGateway } from './shopGateway';

/**
 * A create (POST) that got no answer may still be saved by the shop after we gave up: the PHP request runs to its
 * end even when the client is gone. Looking the product up again at once and creating it when it is not there yet
 * would then leave two products with one reference. So a retried create first waits this long after the failed
 * one (a request the shop was still working on normally lands within a few seconds), and after creating again it
 * checks the reference and deletes any other product with it: one that appeared after our lookup found none can
 * only be the late first create of this item.
 */
export const LATE_CREATE_WINDOW_MS = 5_000;

/**
 * True when a failed create may still be saved after we gave up: no answer, or a dropped connection. (A 5xx is an
 * answer: the shop's request is over, so a lookup at once sees whatever it saved.)
 */
export function createOutcomeUnknown(e: unknown): boolean {
  return isConnectorError(e) && (e.code === 'TIMEOUT' || e.code === 'NETWORK');
}

/** How long a retry must still wait before it looks the product up again (0: at once). */
export function lateCreateWaitMs(failedAt: number, now = Date.now()): number {
  return Math.max(0, failedAt + LATE_CREATE_WINDOW_MS - now);
}

/**
 * After a create that followed a create of unknown outcome: deletes the other products with this reference (the
 * late first create), keeping `keepId`, the one whose answer we have. Returns how many were deleted.
 */
export async function removeLateDuplicates(gw: ShopGateway, reference: string, keepId: number): Promise<number> {
  const extra = (await gw.findProductIdsByReference(reference)).filter((id) => id !== keepId);
  for (const id of extra) await gw.deleteProduct(id);
  return extra.length;
}
