import { QueryTypes, type Sequelize } from 'sequelize';

/** One image of ours in one shop (shop_image_ledger): which remote image holds which content, where, cover or not. */
export interface ImageLedgerRow {
  sha256: string;
  remoteImageId: number | null;
  remoteProductId: number | null;
  position: number;
  cover: boolean;
  /** 'pending': an upload was about to be sent (its remote id is unknown until reconciled). */
  state: 'pending' | 'done';
}

/** An image as the push wants it in the shop, in order. */
export interface WantedImage {
  sha256: string;
  contentType: string;
  cover: boolean;
}

/** The only SQL of the image push: the ledger, the job's image undo rows and the bytes it needs. */
export class ImageLedger {
  constructor(
    private readonly sequelize: Sequelize,
    readonly productId: number,
    readonly shopId: number,
  ) {}

  async rows(): Promise<ImageLedgerRow[]> {
    return this.sequelize.query<ImageLedgerRow>(
      `SELECT sha256, remote_image_id AS "remoteImageId", remote_product_id AS "remoteProductId", position, cover, state
         FROM shop_image_ledger WHERE product_id = $1 AND shop_id = $2 ORDER BY position, remote_image_id`,
      { bind: [this.productId, this.shopId], type: QueryTypes.SELECT },
    );
  }

  /**
   * The product's central images in order (ERP pictures and uploads, one cover). The same content twice (an ERP
   * picture also uploaded by hand) is one image in the shop, at its first place, the cover if either copy is.
   */
  async wanted(): Promise<WantedImage[]> {
    const rows = await this.sequelize.query<WantedImage>(
      `SELECT sha256, content_type AS "contentType", is_main AS cover FROM product_images WHERE product_id = $1 AND sha256 IS NOT NULL ORDER BY position, id`,
      { bind: [this.productId], type: QueryTypes.SELECT },
    );
    const bySha = new Map<string, WantedImage>();
    for (const r of rows) {
      const first = bySha.get(r.sha256);
      if (first) first.cover ||= r.cover;
      else bySha.set(r.sha256, { ...r });
    }
    return [...bySha.values()];
  }

  async remove(sha256s: string[]): Promise<void> {
    if (!sha256s.length) return;
    await this.sequelize.query(`DELETE FROM shop_image_ledger WHERE product_id = $1 AND shop_id = $2 AND sha256 = ANY($3::text[])`, { bind: [this.productId, this.shopId, sha256s] });
  }

  /** Writes a row (intent: remoteImageId null and state 'pending'; done: the remote id). */
  async put(row: ImageLedgerRow): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO shop_image_ledger (product_id, shop_id, sha256, remote_image_id, remote_product_id, position, cover, state, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (product_id, shop_id, sha256) DO UPDATE SET remote_image_id = EXCLUDED.remote_image_id, remote_product_id = EXCLUDED.remote_product_id,
         position = EXCLUDED.position, cover = EXCLUDED.cover, state = EXCLUDED.state, updated_at = now()`,
      { bind: [this.productId, this.shopId, row.sha256, row.remoteImageId, row.remoteProductId, row.position, row.cover, row.state] },
    );
  }

  /** Sets positions and cover flags of kept rows (no shop call: the shop already holds them in this order). */
  async arrange(order: Array<{ sha256: string; position: number; cover: boolean }>): Promise<void> {
    if (!order.length) return;
    await this.sequelize.query(
      `UPDATE shop_image_ledger l SET position = o.position, cover = o.cover, updated_at = now()
         FROM jsonb_to_recordset($3::jsonb) AS o(sha256 text, position int, cover boolean)
        WHERE l.product_id = $1 AND l.shop_id = $2 AND l.sha256 = o.sha256 AND (l.position <> o.position OR l.cover <> o.cover)`,
      { bind: [this.productId, this.shopId, JSON.stringify(order)] },
    );
  }

  /** The bytes of `sha256`: kept by this job before a delete, else any central image with that content. */
  async bytes(jobId: string, sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    const rows = await this.sequelize.query<{ data: Buffer; contentType: string }>(
      `SELECT data, content_type AS "contentType" FROM job_image_bytes WHERE job_id = $1 AND shop_id = $2 AND product_id = $3 AND sha256 = $4
       UNION ALL (SELECT data, content_type FROM product_images WHERE sha256 = $4 AND data IS NOT NULL ORDER BY (product_id = $3) DESC LIMIT 1)
       LIMIT 1`,
      { bind: [jobId, this.shopId, this.productId, sha256], type: QueryTypes.SELECT },
    );
    return rows[0] ? { bytes: rows[0].data, contentType: rows[0].contentType } : null;
  }

  async keepBytes(jobId: string, sha256: string, image: { bytes: Buffer; contentType: string }): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_image_bytes (job_id, shop_id, product_id, sha256, content_type, data) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      { bind: [jobId, this.shopId, this.productId, sha256, image.contentType.slice(0, 64), image.bytes] },
    );
  }

  /** The image set before this job first touched it (the first call of a job wins). */
  async logUndo(jobId: string, remoteProductId: number, before: ImageLedgerRow[]): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_image_undo (job_id, shop_id, product_id, remote_product_id, before) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      { bind: [jobId, this.shopId, this.productId, remoteProductId, JSON.stringify(before)] },
    );
  }
}
