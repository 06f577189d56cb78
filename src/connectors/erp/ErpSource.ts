import type { ErpKind } from './erpKind';
/**
 * The one interface every ERP connector (Subiekt GT, Dynamics 365 Business Central) implements. The ERP pull
 * workflow only ever sees this: pages of canonical products and an opaque cursor that resumes after a crash.
 */

/** A product as an ERP describes it, already mapped to PPM Sync's canonical shape. Money as decimal strings. */
export interface ErpProduct {
  /** The ERP's own id, as a string (tw_Id, BC item id). */
  externalId: string;
  /** The cross-system key (Subiekt tw_Symbol, BC item number). */
  sku: string;
  name: string;
  description: string | null;
  ean: string | null;
  /** All barcodes known, the primary one first. */
  eans: string[];
  unit: string | null;
  /** VAT rate in percent as a decimal string ("23", "8", "0"), null when exempt/not applicable. */
  vatRate: string | null;
  /** Symbol of the VAT rate ("23", "zw", "np") so exempt and out-of-scope stay distinct. */
  vatSymbol: string | null;
  /** Net and gross price at the configured price level, decimal strings with 4 decimals kept. */
  priceNet: string | null;
  priceGross: string | null;
  currency: string;
  /** Available stock summed over the configured warehouses (decimal string). */
  stock: string;
  /** The product group's name (Subiekt sl_GrupaTw.grt_Nazwa; BC itemCategoryCode, as API v2.0 items carry no category name). */
  group: string | null;
  /** The group's id in the ERP (Subiekt grt_Id, BC itemCategoryCode): categories are linked by it, never by name. */
  groupId: string | null;
  weightKg: string | null;
  /** Blocked or deleted in the ERP: the catalogue should deactivate it. */
  blocked: boolean;
  deleted: boolean;
  pictures: ErpPictureRef[];
  /** Hash of every field above (stable; changes iff the product changed). */
  contentHash: string;
}

export interface ErpPictureRef {
  /** The ERP's id of the picture. */
  externalId: string;
  /** Cheap change token (Subiekt zd_CRC, BC picture etag/content hash). */
  changeToken: string;
  isMain: boolean;
}

export interface ErpPicture {
  externalId: string;
  contentType: string;
  data: Buffer;
}

/** One picture a pull wants the bytes of. */
export interface ErpPictureRequest {
  productExternalId: string;
  pictureExternalId: string;
}

export interface ErpPage {
  products: ErpProduct[];
  /** Opaque, JSON-serialisable; pass it back to get the next page. null when this was the last page. */
  nextCursor: string | null;
  /**
   * On the last page of a scan (nextCursor null), a cursor that later reads only what changed since this scan
   * began (incremental pull), where the ERP supports change tracking (Dynamics: lastModifiedDateTime). Absent
   * or null: the next pull is a full scan (Subiekt has no modified-date column; it relies on content hashes).
   */
  changesCursor?: string | null;
}

export interface ErpConnectionInfo {
  ok: true;
  system: ErpKind;
  /** Human-readable server/company description. */
  description: string;
  details: Record<string, unknown>;
}

export interface ErpSource {
  readonly kind: ErpKind;
  /** Read one page. `cursor` null starts from the beginning. Throws ConnectorError. */
  fetchPage(cursor: string | null, pageSize: number): Promise<ErpPage>;
  /** Fetch one picture's bytes (only when its change token differs from what we stored). */
  fetchPicture(productExternalId: string, pictureExternalId: string): Promise<ErpPicture>;
  /**
   * Optional: several pictures' bytes in one round trip (a pull asks for at most a few dozen at a time). The result
   * holds the pictures found, keyed by picture id; one the ERP does not have (or has under another product) is
   * absent. Connectors without it are asked one picture at a time.
   */
  fetchPictures?(refs: ErpPictureRequest[]): Promise<Map<string, ErpPicture>>;
  testConnection(): Promise<ErpConnectionInfo>;
  close(): Promise<void>;
}
