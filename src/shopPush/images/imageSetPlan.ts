import type { ImageLedgerRow } from './imageLedger';

export interface ImageSetPlan {
  /** Ledger rows whose remote image goes (removed centrally, or in the way of the order). */
  deletes: ImageLedgerRow[];
  /** Contents to upload, in this order (each is appended last by the shop). */
  uploads: string[];
  /** Contents the shop keeps, in the wanted order (a prefix of it). */
  kept: string[];
}

/**
 * The fewest calls that turn our images in the shop (`current`, in shop order) into `wanted` (content hashes in
 * order). The webservice cannot move an image (reference §4.3: no position update; an upload is appended last, a
 * delete closes the gap), so the shop keeps the longest prefix of `wanted` that it already holds in that relative
 * order; everything else of ours is deleted and the rest is uploaded in order. Removing one image, or replacing
 * the last, costs one delete (+ one upload); an unchanged set costs nothing.
 */
export function planImageSet(current: ImageLedgerRow[], wanted: string[]): ImageSetPlan {
  const at = new Map(current.map((r, i) => [r.sha256, i]));
  let last = -1;
  let k = 0;
  while (k < wanted.length) {
    const i = at.get(wanted[k]);
    if (i === undefined || i <= last) break;
    last = i;
    k++;
  }
  const kept = wanted.slice(0, k);
  const keep = new Set(kept);
  return { deletes: current.filter((r) => !keep.has(r.sha256)), uploads: wanted.slice(k), kept };
}
