import { createHash, randomBytes } from 'node:crypto';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CatalogError } from '../catalogError';
import { type ChangeActor, SET_ACTOR_SQL } from '../changeActor';
import { filteredProducts } from '../filteredProducts';
import { assertFilterReferences, ListQueryError } from '../productList';
import type { MassEditChanges, MassEditSelection, MassEditState } from './massEditChanges';
import { checkChanges, type PlannedProduct, planMassEdit } from './massEditPlan';

/**
 * Mass edit in two steps. The preview resolves the selection (ids, or every product of a list filter at that
 * moment), plans the changes, stores the selected products with their versions and returns counts, a sample of
 * before → after and a one-time confirm token. The confirm locks those products, refuses (412) when any of them
 * changed since the preview, and otherwise applies the plan in one transaction (all products or none), audited
 * as the confirming user's change (per-shop overrides included). At most MASS_EDIT_MAX_PRODUCTS products; a large
 * confirm runs as a job (workflows/massEdit.ts), still in one transaction.
 */

export interface MassEditLimits {
  maxProducts: number;
  previewMinutes: number;
  cursorSecret: string;
}

export interface MassEditPreview {
  token: string;
  expiresAt: string;
  counts: { selected: number; willChange: number; unchanged: number };
  /** fields left alone, by reason, with how many products */
  skipped: { field: string; reason: string; count: number }[];
  sample: { id: number; sku: string; changedFields: string[]; before: MassEditState; after: MassEditState }[];
}

export interface MassEditResult {
  applied: number;
  unchanged: number;
  productIds: number[];
}

const sha256 = (token: string) => createHash('sha256').update(token).digest();

function assertConfirmable<T extends { expired: boolean; applied_at: Date | null }>(preview: T | undefined): asserts preview is T {
  if (!preview) throw new CatalogError('not_found', 'MASS_EDIT_NOT_FOUND', 'No mass edit preview with this token (previews are confirmed by whoever made them)');
  if (preview.applied_at) throw new CatalogError('conflict', 'MASS_EDIT_APPLIED', `This preview was applied at ${new Date(preview.applied_at).toISOString()}`);
  if (preview.expired) throw new CatalogError('conflict', 'MASS_EDIT_EXPIRED', 'This preview expired: preview the mass edit again');
}

export class MassEdit {
  constructor(
    private readonly sequelize: Sequelize,
    /** the preview's limits (a confirm needs none) */
    private readonly limitsOrNull: MassEditLimits | null = null,
  ) {}

  private get limits(): MassEditLimits {
    if (!this.limitsOrNull) throw new Error('MassEdit: a preview needs its limits');
    return this.limitsOrNull;
  }

  private async resolve(selection: MassEditSelection): Promise<number[]> {
    const tooMany = (n: string) =>
      new CatalogError('invalid', 'SELECTION_TOO_LARGE', `The selection has ${n} products; a mass edit takes at most ${this.limits.maxProducts} (MASS_EDIT_MAX_PRODUCTS): narrow the filter`, {
        fields: [{ field: 'selection', message: `more than ${this.limits.maxProducts} products` }],
      });
    if ('ids' in selection) {
      const ids = [...new Set(selection.ids)];
      if (ids.length > this.limits.maxProducts) throw tooMany(String(ids.length));
      const found = await this.sequelize.query<{ id: number }>(`SELECT id FROM products WHERE id = ANY($1::int[])`, { bind: [ids], type: QueryTypes.SELECT });
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw new CatalogError('invalid', 'UNKNOWN_PRODUCT', `No product with id ${missing.slice(0, 20).join(', ')}`, { fields: [{ field: 'selection.ids', message: `unknown: ${missing.slice(0, 20).join(', ')}` }] });
      return ids;
    }
    const ids: number[] = [];
    await assertFilterReferences(this.sequelize, selection.filter).catch((e: unknown) => {
      if (!(e instanceof ListQueryError)) throw e;
      throw new CatalogError('invalid', 'UNKNOWN_CATEGORY', e.message, { fields: [{ field: `selection.filter.${e.field}`, message: e.message }] });
    });
    for await (const page of filteredProducts(this.sequelize, this.limits.cursorSecret, selection.filter, 1000)) {
      ids.push(...page.map((p) => p.id));
      if (ids.length > this.limits.maxProducts) throw tooMany(`more than ${this.limits.maxProducts}`);
    }
    if (!ids.length) throw new CatalogError('invalid', 'NOTHING_SELECTED', 'No product matches the filter', { fields: [{ field: 'selection.filter', message: 'matches nothing' }] });
    return ids;
  }

  async preview(selection: MassEditSelection, changes: MassEditChanges, principal: string, sampleSize: number): Promise<MassEditPreview> {
    await checkChanges(this.sequelize, changes);
    const ids = await this.resolve(selection);
    const plan = await planMassEdit(this.sequelize, ids, changes);
    const token = `me_${randomBytes(32).toString('base64url')}`;
    const [stored] = await this.sequelize.query<{ expires_at: Date }>(
      `INSERT INTO mass_edit_previews (token_sha256, principal, changes, product_ids, versions, expires_at)
       VALUES ($1, $2, $3, $4::int[], $5::int[], now() + make_interval(mins => $6::int)) RETURNING expires_at`,
      { bind: [sha256(token), principal, JSON.stringify(changes), plan.map((p) => p.id), plan.map((p) => p.version), this.limits.previewMinutes], type: QueryTypes.SELECT },
    );
    const changing = plan.filter((p) => p.changedFields.length);
    const skipped = new Map<string, { field: string; reason: string; count: number }>();
    for (const s of plan.flatMap((p) => p.skipped)) {
      const key = `${s.field}\u0000${s.reason}`;
      skipped.set(key, { ...s, count: (skipped.get(key)?.count ?? 0) + 1 });
    }
    return {
      token,
      expiresAt: stored.expires_at.toISOString(),
      counts: { selected: plan.length, willChange: changing.length, unchanged: plan.length - changing.length },
      skipped: [...skipped.values()],
      sample: changing.slice(0, sampleSize).map(({ id, sku, changedFields, before, after }) => ({ id, sku, changedFields, before, after })),
    };
  }

  /**
   * The preview a token names, if the caller may still confirm it (404 unknown or someone else's, 409 applied or
   * expired): its id and how many products it selected (a large one is confirmed as a job).
   */
  async confirmable(token: string, principal: string): Promise<{ previewId: number; selected: number }> {
    const [preview] = await this.sequelize.query<{ id: number; selected: number; expired: boolean; applied_at: Date | null }>(
      `SELECT id, cardinality(product_ids) AS selected, expires_at < now() AS expired, applied_at FROM mass_edit_previews WHERE token_sha256 = $1 AND principal = $2`,
      { bind: [sha256(token), principal], type: QueryTypes.SELECT },
    );
    assertConfirmable(preview);
    return { previewId: Number(preview.id), selected: preview.selected };
  }

  /** Applies the preview the token names (see the class comment). */
  async confirm(token: string, principal: string, actor: ChangeActor): Promise<MassEditResult> {
    return this.confirmWhere('token_sha256 = $1', sha256(token), principal, actor);
  }

  /**
   * Applies a preview by its id (a mass edit job, whose history never holds the token); `afterApply` runs in the
   * same transaction with the changed products (e.g. to store them as a push job's selection).
   */
  async confirmById(previewId: number, principal: string, actor: ChangeActor, afterApply?: (changedIds: number[], t: Transaction) => Promise<void>): Promise<MassEditResult> {
    return this.confirmWhere('id = $1', previewId, principal, actor, afterApply);
  }

  private async confirmWhere(where: string, key: unknown, principal: string, actor: ChangeActor, afterApply?: (changedIds: number[], t: Transaction) => Promise<void>): Promise<MassEditResult> {
    return this.sequelize.transaction(async (t) => {
      const [preview] = await this.sequelize.query<{ id: number; changes: MassEditChanges; product_ids: number[]; versions: number[]; expired: boolean; applied_at: Date | null }>(
        `SELECT id, changes, product_ids, versions, expires_at < now() AS expired, applied_at FROM mass_edit_previews WHERE ${where} AND principal = $2 FOR UPDATE`,
        { bind: [key, principal], type: QueryTypes.SELECT, transaction: t },
      );
      assertConfirmable(preview);
      await this.sequelize.query(SET_ACTOR_SQL, { bind: [JSON.stringify(actor)], transaction: t });
      const plan = await planMassEdit(this.sequelize, preview.product_ids, preview.changes, t);
      const versionOf = new Map(plan.map((p) => [p.id, p.version]));
      const changed = preview.product_ids.filter((id, i) => versionOf.get(id) !== preview.versions[i]);
      if (changed.length) {
        throw new CatalogError('stale', 'PRECONDITION_FAILED', `${changed.length} of the selected products changed (or were deleted) since the preview: preview the mass edit again`, {
          changedProductIds: changed.slice(0, 100),
        });
      }
      const changing = plan.filter((p) => p.changedFields.length);
      await this.apply(changing, t);
      if (afterApply) await afterApply(changing.map((p) => p.id), t);
      await this.sequelize.query(`UPDATE mass_edit_previews SET applied_at = now() WHERE id = $1`, { bind: [preview.id], transaction: t });
      return { applied: changing.length, unchanged: plan.length - changing.length, productIds: changing.map((p) => p.id) };
    });
  }

  private async apply(changing: PlannedProduct[], t: Transaction): Promise<void> {
    if (!changing.length) return;
    await this.sequelize.query(
      `UPDATE products p SET status = v.status, price_net = v.price_net, updated_at = now(),
              erp_deactivated = CASE WHEN v.status_changed THEN FALSE ELSE p.erp_deactivated END
         FROM unnest($1::int[], $2::text[], $3::numeric[], $4::boolean[]) AS v(id, status, price_net, status_changed)
        WHERE p.id = v.id`,
      {
        bind: [changing.map((p) => p.id), changing.map((p) => p.after.status), changing.map((p) => p.after.priceNet), changing.map((p) => p.changedFields.includes('status'))],
        transaction: t,
      },
    );
    await this.applyShopOverrides(changing.filter((p) => p.changedFields.includes('shops')), t);
    const recategorised = changing.filter((p) => p.changedFields.includes('categoryIds'));
    if (!recategorised.length) return;
    await this.sequelize.query(`DELETE FROM product_categories WHERE product_id = ANY($1::int[])`, { bind: [recategorised.map((p) => p.id)], transaction: t });
    const links = recategorised.flatMap((p) => p.after.categoryIds.map((c, i) => [p.id, c, i === 0] as const));
    if (links.length) {
      await this.sequelize.query(
        `INSERT INTO product_categories (product_id, category_id, is_primary) SELECT * FROM unnest($1::int[], $2::int[], $3::boolean[])`,
        { bind: [links.map((l) => l[0]), links.map((l) => l[1]), links.map((l) => l[2])], transaction: t },
      );
    }
  }

  /**
   * Writes the changed per-shop overrides (their other fields, e.g. a name override, are kept) and records each
   * product's override changes in its audit trail as `shops.<shopId>.price_net` / `.active` (the products trigger
   * sees only central fields); the actor is the transaction's (SET_ACTOR_SQL).
   */
  private async applyShopOverrides(changing: PlannedProduct[], t: Transaction): Promise<void> {
    const rows = changing.flatMap((p) =>
      Object.entries(p.after.shops ?? {})
        .filter(([shopId, after]) => p.before.shops?.[shopId] !== after)
        .map(([shopId, after]) => ({ productId: p.id, shopId: Number(shopId), before: p.before.shops![shopId], after })),
    );
    if (!rows.length) return;
    await this.sequelize.query(
      `INSERT INTO product_shop_data (product_id, shop_id, price_net, active)
       SELECT * FROM unnest($1::int[], $2::int[], $3::numeric[], $4::boolean[])
       ON CONFLICT (product_id, shop_id) DO UPDATE SET price_net = EXCLUDED.price_net, active = EXCLUDED.active, updated_at = now()`,
      { bind: [rows.map((r) => r.productId), rows.map((r) => r.shopId), rows.map((r) => r.after.priceNet), rows.map((r) => r.after.active)], transaction: t },
    );
    const audit = new Map<number, Record<string, { from: unknown; to: unknown }>>();
    for (const r of rows) {
      const fields = audit.get(r.productId) ?? {};
      if (r.before.priceNet !== r.after.priceNet) fields[`shops.${r.shopId}.price_net`] = { from: r.before.priceNet, to: r.after.priceNet };
      if (r.before.active !== r.after.active) fields[`shops.${r.shopId}.active`] = { from: r.before.active, to: r.after.active };
      audit.set(r.productId, fields);
    }
    await this.sequelize.query(
      `INSERT INTO product_changes (product_id, operation, actor, changes)
       SELECT id, 'update', coalesce(nullif(current_setting('ppm.actor', true), '')::jsonb, '{"kind":"system"}'::jsonb), changes
         FROM unnest($1::int[], $2::jsonb[]) AS x(id, changes)`,
      { bind: [[...audit.keys()], [...audit.values()].map((v) => JSON.stringify(v))], transaction: t },
    );
  }
}
