import { QueryTypes, type Sequelize } from 'sequelize';
import type { ShopCategoryPort } from './shopCategoryPort';

/**
 * The shop categories a compensable job creates (job_created_categories). The intent is written before the create
 * call, outside the mapping transaction (so it survives a crash), and completed with the remote id after it; a
 * retry that finds the category it was about to create completes the same intent.
 */
export class CreatedCategories {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly jobId: string,
    private readonly shopId: number,
  ) {}

  async intent(categoryId: number): Promise<void> {
    await this.sequelize.query(`INSERT INTO job_created_categories (job_id, shop_id, category_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, {
      bind: [this.jobId, this.shopId, categoryId],
    });
  }

  /** After the create; with `onlyIntended`, only an intent left without a remote id (a found category is ours then). */
  async created(categoryId: number, remoteId: number, onlyIntended = false): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_created_categories SET remote_category_id = $4 WHERE job_id = $1 AND shop_id = $2 AND category_id = $3 ${onlyIntended ? 'AND remote_category_id IS NULL' : ''}`,
      { bind: [this.jobId, this.shopId, categoryId, remoteId] },
    );
  }

  /**
   * Compensation: deletes the shop categories this job created, newest first, and forgets their mappings (the next
   * push maps them again). Returns how many it deleted.
   */
  async undo(port: ShopCategoryPort): Promise<number> {
    const rows = await this.sequelize.query<{ id: number; categoryId: number; remoteId: number | null }>(
      `SELECT id, category_id AS "categoryId", remote_category_id AS "remoteId" FROM job_created_categories
        WHERE job_id = $1 AND shop_id = $2 AND state = 'pending' ORDER BY id DESC`,
      { bind: [this.jobId, this.shopId], type: QueryTypes.SELECT },
    );
    let deleted = 0;
    for (const r of rows) {
      if (r.remoteId !== null) {
        if (await port.delete(r.remoteId)) deleted++;
        await this.sequelize.query(`DELETE FROM category_shop_map WHERE category_id = $1 AND shop_id = $2 AND remote_id = $3 AND NOT pinned`, { bind: [r.categoryId, this.shopId, r.remoteId] });
      }
      await this.sequelize.query(`UPDATE job_created_categories SET state = 'done' WHERE id = $1`, { bind: [r.id] });
    }
    return deleted;
  }
}
