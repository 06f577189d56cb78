import { isConnectorError } from '../../errors/ConnectorError';
import type { ImageLedger, ImageLedgerRow } from './imageLedger';
import { planImageSet } from './imageSetPlan';
import type { ShopImagePort } from './shopImagePort';

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

export interface ImageTarget {
  sha256: string;
  cover: boolean;
}

export interface ImageSyncOptions {
  jobId: string;
  /** Compensable job: the set before the job is logged, and a deleted image's original is kept for the undo. */
  logUndo: boolean;
  /** Re-read the shop's image list even when the ledger is settled (a forced push). */
  force: boolean;
}

export interface ImageSyncResult {
  uploaded: number;
  deleted: number;
  coverSet: boolean;
}

const NOTHING: ImageSyncResult = { uploaded: 0, deleted: 0, coverSet: false };

/**
 * The ledger as the shop holds it: rows of another remote product (the product was created again) are dropped;
 * an upload left pending by a crashed try is matched to the image it created (the newest image of the product we
 * do not know) or forgotten when it never landed, so a retry never uploads a duplicate. Only then (or when forced)
 * is the shop asked for the product's image list.
 */
async function settledRows(port: ShopImagePort, ledger: ImageLedger, remoteProductId: number, force: boolean): Promise<ImageLedgerRow[]> {
  const all = await ledger.rows();
  const stale = all.filter((r) => r.remoteProductId !== remoteProductId);
  await ledger.remove(stale.map((r) => r.sha256));
  let rows = all.filter((r) => r.remoteProductId === remoteProductId);
  const pending = rows.filter((r) => r.state === 'pending');
  if (!pending.length && !force) return rows;
  const inShop = await port.list(remoteProductId);
  const present = new Set(inShop);
  const gone = rows.filter((r) => r.state === 'done' && !present.has(r.remoteImageId!));
  const known = new Set(rows.filter((r) => r.state === 'done').map((r) => r.remoteImageId));
  const unknown = inShop.filter((id) => !known.has(id)).sort((a, b) => b - a);
  const forget = [...gone];
  for (const p of pending) {
    const adopted = unknown.shift();
    if (adopted === undefined) forget.push(p);
    else await ledger.put({ ...p, remoteImageId: adopted, state: 'done' });
  }
  await ledger.remove(forget.map((r) => r.sha256));
  rows = (await ledger.rows()).filter((r) => r.remoteProductId === remoteProductId);
  return rows;
}

const sameSet = (rows: ImageLedgerRow[], targets: ImageTarget[]) =>
  rows.length === targets.length && rows.every((r, i) => r.sha256 === targets[i].sha256 && r.cover === targets[i].cover && r.position === i);

/**
 * Makes our images of one product in one shop equal `targets` (order and cover), through the image ledger:
 * nothing is read or written when the ledger already matches; otherwise the minimal deletes and uploads of
 * planImageSet, each upload's intent recorded before its call, and the cover set only when the shop's cover would
 * not already be the wanted one (the first upload to a product without images becomes its cover by itself).
 */
export async function syncProductImages(
  port: ShopImagePort,
  ledger: ImageLedger,
  remoteProductId: number,
  targets: ImageTarget[],
  opts: ImageSyncOptions,
  bytesFor: (sha256: string) => Promise<{ bytes: Buffer; contentType: string } | null>,
): Promise<ImageSyncResult> {
  const rows = await settledRows(port, ledger, remoteProductId, opts.force);
  const current = rows.filter((r) => r.state === 'done').sort((a, b) => a.position - b.position);
  // Exactly one cover: the flagged one, else the first image.
  const coverIndex = Math.max(0, targets.findIndex((t) => t.cover));
  targets = targets.map((t, i) => ({ sha256: t.sha256, cover: i === coverIndex }));
  if (sameSet(current, targets)) return NOTHING;
  const result = { ...NOTHING };
  const plan = planImageSet(current, targets.map((t) => t.sha256));
  if (opts.logUndo) await ledger.logUndo(opts.jobId, remoteProductId, current);
  const reupload = new Set(plan.uploads);
  for (const d of plan.deletes) {
    // A compensable job keeps what it deletes; any push keeps what it must upload again (order repair) if no copy exists.
    if ((opts.logUndo || reupload.has(d.sha256)) && !(await ledger.bytes(opts.jobId, d.sha256))) {
      await ledger.keepBytes(opts.jobId, d.sha256, await port.download(remoteProductId, d.remoteImageId!));
    }
  }
  const oldCover = current.find((r) => r.cover);
  const coverKept = oldCover !== undefined && plan.kept.includes(oldCover.sha256);
  for (const d of plan.deletes) {
    await port.delete(remoteProductId, d.remoteImageId!);
    await ledger.remove([d.sha256]);
    result.deleted++;
  }
  // Cover flags in the ledger say what the shop holds: they change only once the cover is known to be right.
  const coverNow = new Map(current.map((r) => [r.sha256, r.cover]));
  await ledger.arrange(plan.kept.map((sha256, position) => ({ sha256, position, cover: coverNow.get(sha256) ?? false })));
  const ids = new Map(current.filter((r) => plan.kept.includes(r.sha256)).map((r) => [r.sha256, r.remoteImageId!]));
  let firstUpload: number | null = null;
  for (const [n, sha256] of plan.uploads.entries()) {
    const position = plan.kept.length + n;
    const image = await bytesFor(sha256);
    if (!image) continue; // the content vanished centrally since the plan: the next push sees the new list
    const row: ImageLedgerRow = { sha256, remoteImageId: null, remoteProductId, position, cover: false, state: 'pending' };
    await ledger.put(row);
    let id: number;
    try {
      id = await port.upload(remoteProductId, image.bytes, image.contentType, `${sha256.slice(0, 16)}.${EXTENSION[image.contentType] ?? 'jpg'}`);
    } catch (e) {
      // Refused (e.g. WebP on a 1.7 shop): nothing was stored, so there is nothing to reconcile next time.
      if (isConnectorError(e) && !e.retryable) await ledger.remove([sha256]);
      throw e;
    }
    await ledger.put({ ...row, remoteImageId: id, state: 'done' });
    ids.set(sha256, id);
    firstUpload ??= id;
    result.uploaded++;
  }
  const wantedCover = targets[coverIndex];
  if (wantedCover && ids.has(wantedCover.sha256)) {
    const shopCover = coverKept ? ids.get(oldCover!.sha256) : plan.kept.length === 0 ? firstUpload : null;
    if (shopCover !== ids.get(wantedCover.sha256)) {
      await port.setCover(remoteProductId, ids.get(wantedCover.sha256)!);
      result.coverSet = true;
    }
    await ledger.arrange(targets.filter((t) => ids.has(t.sha256)).map((t) => ({ sha256: t.sha256, position: targets.indexOf(t), cover: t.cover })));
  }
  return result;
}
