import crypto from 'node:crypto';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CatalogError } from '../catalogError';
import { knownLanguages } from '../languages';
import { lockProductForWrite, type WritePrecondition } from '../productWriteLock';
import { type ImageLimits, inspectImage } from './imageContent';

/** One image of a product as the API shows it (bytes through the download route). */
export interface ProductImageView {
  id: number;
  position: number;
  cover: boolean;
  contentType: string;
  sha256: string;
  byteSize: number | null;
  width: number | null;
  height: number | null;
  /** Alt text (PrestaShop image legend) per language. */
  alt: Record<string, string>;
  fromErp: boolean;
}

interface Row {
  id: number;
  position: number;
  is_main: boolean;
  content_type: string;
  sha256: string;
  byte_size: number | null;
  width: number | null;
  height: number | null;
  alt: Record<string, string>;
  erp_picture_id: string | null;
}

const COLUMNS = `id, position, is_main, content_type, sha256, byte_size, width, height, alt, erp_picture_id`;
const toView = (r: Row): ProductImageView => ({
  id: r.id,
  position: r.position,
  cover: r.is_main,
  contentType: r.content_type,
  sha256: r.sha256,
  byteSize: r.byte_size,
  width: r.width,
  height: r.height,
  alt: r.alt ?? {},
  fromErp: r.erp_picture_id !== null,
});

/**
 * A product's images: ERP pictures and uploads in one ordered list with one cover. Bytes are stored in PostgreSQL
 * (`product_images.data`), addressed by their sha256, so they are backed up with the database and behave the same
 * under `ppm start`, tests and docker-compose. Positions are kept dense (0..n-1).
 */
export class ProductImages {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly limits: ImageLimits,
    private readonly defaultLanguage: string,
  ) {}

  async list(productId: number): Promise<ProductImageView[]> {
    await this.productMustExist(productId);
    const rows = await this.sequelize.query<Row>(`SELECT ${COLUMNS} FROM product_images WHERE product_id = $1 ORDER BY position, id`, { bind: [productId], type: QueryTypes.SELECT });
    return rows.map(toView);
  }

  /** Stores an upload (checked by content first). The same bytes twice on one product give the existing image. */
  async add(productId: number, bytes: Uint8Array, alt: Record<string, string> = {}, precondition?: WritePrecondition): Promise<{ image: ProductImageView; created: boolean }> {
    const sniffed = inspectImage(bytes, this.limits);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    return this.sequelize.transaction(async (t) => {
      await lockProductForWrite(this.sequelize, productId, t, precondition);
      await this.checkLanguages(alt, t);
      const same = await this.sequelize.query<Row>(`SELECT ${COLUMNS} FROM product_images WHERE product_id = $1 AND sha256 = $2`, { bind: [productId, sha256], type: QueryTypes.SELECT, transaction: t });
      if (same[0]) return { image: toView(same[0]), created: false };
      const [row] = await this.sequelize.query<Row>(
        `INSERT INTO product_images (product_id, position, is_main, content_type, data, sha256, width, height, byte_size, alt)
         SELECT $1, COALESCE(max(position) + 1, 0), count(*) = 0, $2, $3, $4, $5, $6, $7, $8::jsonb FROM product_images WHERE product_id = $1
         RETURNING ${COLUMNS}`,
        { bind: [productId, sniffed.contentType, Buffer.from(bytes), sha256, sniffed.width, sniffed.height, bytes.length, JSON.stringify(alt)], type: QueryTypes.SELECT, transaction: t },
      );
      await this.touch(productId, t);
      return { image: toView(row), created: true };
    });
  }

  /** Puts the images in the given order; `imageIds` must list every image of the product exactly once. */
  async reorder(productId: number, imageIds: number[], precondition?: WritePrecondition): Promise<ProductImageView[]> {
    await this.sequelize.transaction(async (t) => {
      const ids = await this.ids(productId, t, precondition);
      const same = imageIds.length === ids.length && new Set(imageIds).size === ids.length && imageIds.every((id) => ids.includes(id));
      if (!same) throw new CatalogError('invalid', 'IMAGE_ORDER_INCOMPLETE', `imageIds must list every image of product ${productId} exactly once (${ids.join(', ')})`, { field: 'imageIds' });
      await this.sequelize.query(`UPDATE product_images i SET position = o.pos - 1, updated_at = now() FROM unnest($2::int[]) WITH ORDINALITY AS o(id, pos) WHERE i.id = o.id AND i.product_id = $1`, {
        bind: [productId, imageIds],
        transaction: t,
      });
      await this.touch(productId, t);
    });
    return this.list(productId);
  }

  async setCover(productId: number, imageId: number, precondition?: WritePrecondition): Promise<ProductImageView[]> {
    await this.sequelize.transaction(async (t) => {
      await this.imageMustExist(productId, imageId, t, precondition);
      await this.sequelize.query(`UPDATE product_images SET is_main = (id = $2), updated_at = now() WHERE product_id = $1 AND is_main IS DISTINCT FROM (id = $2)`, { bind: [productId, imageId], transaction: t });
      await this.touch(productId, t);
    });
    return this.list(productId);
  }

  /** Sets alt texts for the given languages (an empty string removes that language's text). */
  async setAlt(productId: number, imageId: number, alt: Record<string, string>, precondition?: WritePrecondition): Promise<ProductImageView> {
    await this.sequelize.transaction(async (t) => {
      await this.imageMustExist(productId, imageId, t, precondition);
      await this.checkLanguages(alt, t);
      const keep = Object.fromEntries(Object.entries(alt).filter(([, v]) => v !== ''));
      const drop = Object.keys(alt).filter((l) => alt[l] === '');
      await this.sequelize.query(`UPDATE product_images SET alt = (alt || $3::jsonb) - $4::text[], updated_at = now() WHERE id = $2 AND product_id = $1`, {
        bind: [productId, imageId, JSON.stringify(keep), drop],
        transaction: t,
      });
      await this.touch(productId, t);
    });
    return (await this.list(productId)).find((i) => i.id === imageId)!;
  }

  /** Deletes one image; positions close up and the first remaining image becomes the cover if it was the cover. */
  async delete(productId: number, imageId: number, precondition?: WritePrecondition): Promise<void> {
    await this.sequelize.transaction(async (t) => {
      await this.imageMustExist(productId, imageId, t, precondition);
      await this.sequelize.query(`DELETE FROM product_images WHERE id = $1`, { bind: [imageId], transaction: t });
      await this.sequelize.query(
        `UPDATE product_images i SET position = o.pos - 1 FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS pos FROM product_images WHERE product_id = $1) o WHERE i.id = o.id AND i.position <> o.pos - 1`,
        { bind: [productId], transaction: t },
      );
      await this.sequelize.query(
        `UPDATE product_images SET is_main = TRUE WHERE id = (SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM product_images WHERE product_id = $1 AND is_main)`,
        { bind: [productId], transaction: t },
      );
      await this.touch(productId, t);
    });
  }

  async content(productId: number, imageId: number): Promise<{ bytes: Buffer; contentType: string; sha256: string } | null> {
    const rows = await this.sequelize.query<{ data: Buffer | null; content_type: string; sha256: string }>(
      `SELECT data, content_type, sha256 FROM product_images WHERE product_id = $1 AND id = $2`,
      { bind: [productId, imageId], type: QueryTypes.SELECT },
    );
    const r = rows[0];
    if (!r || !r.data) return null;
    return { bytes: r.data, contentType: r.content_type, sha256: r.sha256 };
  }

  private async ids(productId: number, t: Transaction, precondition?: WritePrecondition): Promise<number[]> {
    await lockProductForWrite(this.sequelize, productId, t, precondition);
    const rows = await this.sequelize.query<{ id: number }>(`SELECT id FROM product_images WHERE product_id = $1 ORDER BY position, id FOR UPDATE`, { bind: [productId], type: QueryTypes.SELECT, transaction: t });
    return rows.map((r) => r.id);
  }

  private async productMustExist(productId: number, t?: Transaction): Promise<void> {
    const rows = await this.sequelize.query(`SELECT 1 FROM products WHERE id = $1${t ? ' FOR UPDATE' : ''}`, { bind: [productId], type: QueryTypes.SELECT, transaction: t });
    if (!rows.length) throw new CatalogError('not_found', 'PRODUCT_NOT_FOUND', `No product with id ${productId}`);
  }

  private async imageMustExist(productId: number, imageId: number, t: Transaction, precondition?: WritePrecondition): Promise<void> {
    await lockProductForWrite(this.sequelize, productId, t, precondition);
    const rows = await this.sequelize.query(`SELECT 1 FROM product_images WHERE product_id = $1 AND id = $2`, { bind: [productId, imageId], type: QueryTypes.SELECT, transaction: t });
    if (!rows.length) throw new CatalogError('not_found', 'IMAGE_NOT_FOUND', `Product ${productId} has no image ${imageId}`);
  }

  private async checkLanguages(alt: Record<string, string>, t: Transaction): Promise<void> {
    const known = await knownLanguages(this.sequelize, this.defaultLanguage, t);
    const unknown = Object.keys(alt).filter((l) => !known.has(l));
    if (unknown.length) throw new CatalogError('invalid', 'UNKNOWN_LANGUAGE', `No shop uses language ${unknown.join(', ')}`, { field: `alt.${unknown[0]}` });
  }

  private async touch(productId: number, t: Transaction): Promise<void> {
    await this.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [productId], transaction: t });
  }
}
