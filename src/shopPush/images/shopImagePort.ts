/** What pushing product images needs from a shop (ids as the shop numbers them). */
export interface ShopImagePort {
  /** The product's image ids in the shop's position order (empty when it has none). */
  list(productId: number): Promise<number[]>;
  /** Uploads one image (appended last; the shop makes it the cover when the product has none); returns its id. */
  upload(productId: number, bytes: Uint8Array, contentType: string, filename: string): Promise<number>;
  /** Deletes one image; false when it was already gone. */
  delete(productId: number, imageId: number): Promise<boolean>;
  /** The stored original (kept by a compensable job before it deletes an image). */
  download(productId: number, imageId: number): Promise<{ bytes: Buffer; contentType: string }>;
  /** Makes `imageId` the product's cover. */
  setCover(productId: number, imageId: number): Promise<void>;
}
