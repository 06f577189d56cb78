import { checkPrecondition, type WritePrecondition } from './productWriteLock';
import { loadTranslations } from './translations/loadTranslations';
import type { ProductTexts } from './translations/productTranslations';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CatalogError } from './catalogError';
import { type LedgerStatus, ledgerStatusOf } from './ledgerStatus';
import { ERP_OWNABLE_COLUMNS, type ErpOwnableField, ownedFields } from './erpOwnedFields';
import { type ChangeActor, SET_ACTOR_SQL } from './changeActor';
import { productETag } from './productETag';
import { shopExists } from '../shops/shopLookups';
import { type ProductRow, type ProductStatus, type ProductView, SELECT_PRODUCT, toView } from './productRow';

export type { ProductStatus, ProductView } from './productRow';

/**
 * The products catalogue for the API: paged lists with filters, one product with its per-shop overrides,
 * categories, images and ledger status per shop, and the writes a PPM user makes. Money and quantities are
 * decimal strings end to end (NUMERIC columns, never floats).
 */

export interface ProductShopView {
  shopId: number;
  shopName: string;
  overrides: { name: string | null; description: string | null; shortDescription: string | null; priceNet: string | null; active: boolean | null } | null;
  ledger: {
    /** never_pushed | in_sync (pushed after the last change) | outdated (changed since the push) | error | compensation_failed */
    status: LedgerStatus;
    remoteId: number | null;
    lastPushedAt: string | null;
    lastError: { code: string; message: string | null; at: string | null } | null;
  };
}

export interface ProductDetail extends ProductView {
  /** Fields the linked ERP owns (a pull overwrites them; the API refuses edits to them). */
  erpOwnedFields: ErpOwnableField[];
  categories: { id: number; name: string; isPrimary: boolean }[];
  images: { id: number; position: number; isMain: boolean; contentType: string; sha256: string; fromErp: boolean }[];
  shops: ProductShopView[];
  /** Texts stored per language (PPM language code → texts); the central name and descriptions are the default language's. */
  translations: Record<string, ProductTexts>;
}

/** Central fields a user can write. Decimal strings are validated by the caller. */
export interface ProductWrite {
  sku?: string;
  name?: string;
  description?: string | null;
  shortDescription?: string | null;
  ean?: string | null;
  unit?: string | null;
  priceNet?: string | null;
  vatRate?: string | null;
  currency?: string;
  weightKg?: string | null;
  stock?: string;
  status?: ProductStatus;
  /** Replaces the product's categories; the first is the primary one. */
  categoryIds?: number[];
}

export interface ShopOverridesWrite {
  name?: string | null;
  description?: string | null;
  shortDescription?: string | null;
  priceNet?: string | null;
  active?: boolean | null;
}

/** The `products` column of each central field a user writes. */
export const PRODUCT_COLUMN: Record<Exclude<keyof ProductWrite, 'categoryIds'>, string> = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  shortDescription: 'short_description',
  ean: 'ean',
  unit: 'unit',
  priceNet: 'price_net',
  vatRate: 'vat_rate',
  currency: 'currency',
  weightKg: 'weight_kg',
  stock: 'stock',
  status: 'status',
};

export type { WritePrecondition } from './productWriteLock';

/** Every field a write may carry (the import's known columns). */
export const PRODUCT_WRITE_FIELDS = [...Object.keys(PRODUCT_COLUMN), 'categoryIds'] as (keyof ProductWrite)[];

/** Who writes (recorded in the product's audit trail) and on what condition. */
export interface WriteContext {
  actor?: ChangeActor;
  precondition?: WritePrecondition;
}

/** One product × shop row (overrides and ledger joined) as the API shows it. */
function shopView(s: Record<string, unknown> & { shop_id: number; shop_name: string }, productUpdatedAt: Date): ProductShopView {
  const pushedAt = s.last_pushed_at as Date | null;
  const status = ledgerStatusOf(
    s.product_id_l == null ? null : { compensationFailed: s.compensation_failed as boolean, lastErrorCode: s.last_error_code as string | null, lastPushedAt: pushedAt },
    productUpdatedAt,
  );
  return {
    shopId: s.shop_id,
    shopName: s.shop_name,
    overrides:
      s.override_id == null
        ? null
        : {
            name: s.name as string | null,
            description: s.description as string | null,
            shortDescription: s.short_description as string | null,
            priceNet: s.price_net as string | null,
            active: s.active as boolean | null,
          },
    ledger: {
      status,
      remoteId: (s.remote_id as number | null) ?? null,
      lastPushedAt: pushedAt ? pushedAt.toISOString() : null,
      lastError: s.last_error_code
        ? { code: s.last_error_code as string, message: s.last_error_message as string | null, at: s.last_error_at ? (s.last_error_at as Date).toISOString() : null }
        : null,
    },
  };
}

export class ProductCatalog {
  constructor(private readonly sequelize: Sequelize) {}

  private async row(id: number, t?: Transaction): Promise<ProductRow | null> {
    const rows = await this.sequelize.query<ProductRow>(`${SELECT_PRODUCT} WHERE id = $1${t ? ' FOR UPDATE' : ''}`, { bind: [id], type: QueryTypes.SELECT, transaction: t });
    return rows[0] ?? null;
  }

  private async erpOwned(sourceId: number | null, t?: Transaction): Promise<ErpOwnableField[]> {
    if (sourceId === null) return [];
    const rows = await this.sequelize.query<{ field_ownership: unknown }>(`SELECT field_ownership FROM erp_sources WHERE id = $1`, { bind: [sourceId], type: QueryTypes.SELECT, transaction: t });
    return rows[0] ? ownedFields(rows[0].field_ownership) : [];
  }

  async get(id: number): Promise<ProductDetail | null> {
    return (await this.getMany([id])).get(id) ?? null;
  }

  /**
   * Several products with their details in a constant number of statements (one per relation, whatever the
   * count): the API's product reads and the GraphQL endpoint's batched loads share it.
   */
  async getMany(ids: readonly number[]): Promise<Map<number, ProductDetail>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, ProductDetail>();
    if (!unique.length) return out;
    const rows = await this.sequelize.query<ProductRow>(`${SELECT_PRODUCT} WHERE id = ANY($1::int[])`, { bind: [unique], type: QueryTypes.SELECT });
    if (!rows.length) return out;
    const found = rows.map((r) => r.id);
    const sourceIds = [...new Set(rows.map((r) => r.erp_source_id).filter((s): s is number => s !== null))];
    const [categories, images, shops, ownership, translations] = await Promise.all([
      this.sequelize.query<{ product_id: number; id: number; name: string; is_primary: boolean }>(
        `SELECT pc.product_id, c.id, c.name, pc.is_primary FROM product_categories pc JOIN categories c ON c.id = pc.category_id
          WHERE pc.product_id = ANY($1::int[]) ORDER BY pc.product_id, pc.is_primary DESC, c.name`,
        { bind: [found], type: QueryTypes.SELECT },
      ),
      this.sequelize.query<{ product_id: number; id: number; position: number; is_main: boolean; content_type: string; sha256: string; erp_picture_id: string | null }>(
        `SELECT product_id, id, position, is_main, content_type, sha256, erp_picture_id FROM product_images WHERE product_id = ANY($1::int[]) ORDER BY product_id, position, id`,
        { bind: [found], type: QueryTypes.SELECT },
      ),
      // One statement across owners: each product's per-shop overrides and ledger row (sync_state), one row per shop.
      this.sequelize.query<Record<string, unknown> & { product_id: number; shop_id: number; shop_name: string }>(
        `SELECT p.id AS product_id, s.id AS shop_id, s.name AS shop_name,
                d.id AS override_id, d.name, d.description, d.short_description, d.price_net, d.active,
                l.product_id AS product_id_l, l.remote_id, l.payload_hash, l.last_pushed_at, l.last_error_code, l.last_error_message, l.last_error_at, l.compensation_failed
           FROM unnest($1::int[]) AS p(id)
           CROSS JOIN shops s
           LEFT JOIN product_shop_data d ON d.shop_id = s.id AND d.product_id = p.id
           LEFT JOIN sync_state l ON l.shop_id = s.id AND l.product_id = p.id
          WHERE s.active OR d.id IS NOT NULL OR l.product_id IS NOT NULL
          ORDER BY p.id, s.name`,
        { bind: [found], type: QueryTypes.SELECT },
      ),
      sourceIds.length
        ? this.sequelize.query<{ id: number; field_ownership: unknown }>(`SELECT id, field_ownership FROM erp_sources WHERE id = ANY($1::int[])`, { bind: [sourceIds], type: QueryTypes.SELECT })
        : Promise.resolve([]),
      loadTranslations(this.sequelize, found),
    ]);
    const owned = new Map(ownership.map((o) => [o.id, ownedFields(o.field_ownership)]));
    for (const row of rows) {
      out.set(row.id, {
        ...toView(row),
        erpOwnedFields: row.erp_source_id === null ? [] : (owned.get(row.erp_source_id) ?? []),
        categories: categories.filter((c) => c.product_id === row.id).map((c) => ({ id: c.id, name: c.name, isPrimary: c.is_primary })),
        images: images
          .filter((i) => i.product_id === row.id)
          .map((i) => ({ id: i.id, position: i.position, isMain: i.is_main, contentType: i.content_type, sha256: i.sha256, fromErp: i.erp_picture_id !== null })),
        shops: shops.filter((s) => s.product_id === row.id).map((s) => shopView(s, row.updated_at)),
        translations: translations.get(row.id) ?? {},
      });
    }
    return out;
  }

  private async setCategories(productId: number, categoryIds: number[], t: Transaction): Promise<void> {
    const unique = [...new Set(categoryIds)];
    if (unique.length) {
      const found = await this.sequelize.query<{ id: number }>(`SELECT id FROM categories WHERE id = ANY($1::int[])`, { bind: [unique], type: QueryTypes.SELECT, transaction: t });
      const missing = unique.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw new CatalogError('invalid', 'UNKNOWN_CATEGORY', `No category with id ${missing.join(', ')}`, { field: 'categoryIds', missing });
    }
    await this.sequelize.query(`DELETE FROM product_categories WHERE product_id = $1`, { bind: [productId], transaction: t });
    if (unique.length) {
      await this.sequelize.query(
        `INSERT INTO product_categories (product_id, category_id, is_primary) SELECT $1, c, c = $2 FROM unnest($3::int[]) AS c`,
        { bind: [productId, unique[0], unique], transaction: t },
      );
    }
  }

  private async skuTaken(sku: string, exceptId: number | null, t: Transaction): Promise<boolean> {
    const rows = await this.sequelize.query(`SELECT 1 FROM products WHERE sku = $1 AND id IS DISTINCT FROM $2`, { bind: [sku, exceptId], type: QueryTypes.SELECT, transaction: t });
    return rows.length > 0;
  }

  private async setActor(actor: ChangeActor | undefined, t: Transaction): Promise<void> {
    if (actor) await this.sequelize.query(SET_ACTOR_SQL, { bind: [JSON.stringify(actor)], transaction: t });
  }

  async create(input: ProductWrite & { sku: string; name: string }, ctx: WriteContext = {}): Promise<ProductDetail> {
    const id = await this.sequelize.transaction((t) => this.insertIn(t, input, ctx));
    return (await this.get(id))!;
  }

  /** Inserts a product inside the caller's transaction (imports write many, one transaction each); its id. */
  async insertIn(t: Transaction, input: ProductWrite & { sku: string; name: string }, ctx: WriteContext = {}): Promise<number> {
    await this.setActor(ctx.actor, t);
    if (await this.skuTaken(input.sku, null, t)) throw new CatalogError('conflict', 'SKU_TAKEN', `A product with SKU ${input.sku} exists`, { field: 'sku' });
    const fields = (Object.keys(PRODUCT_COLUMN) as (keyof typeof PRODUCT_COLUMN)[]).filter((k) => input[k] !== undefined);
    const [row] = await this.sequelize.query<{ id: number }>(
      `INSERT INTO products (${fields.map((f) => PRODUCT_COLUMN[f]).join(', ')}) VALUES (${fields.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      { bind: fields.map((f) => input[f]), type: QueryTypes.SELECT, transaction: t },
    );
    if (input.categoryIds) await this.setCategories(row.id, input.categoryIds, t);
    return row.id;
  }

  /**
   * Changes central fields. Refused (409) for fields the linked ERP owns, and for the SKU of an ERP product
   * (the SKU is the ERP's key): a pull would silently undo such an edit.
   */
  async update(id: number, patch: ProductWrite, ctx: WriteContext = {}): Promise<ProductDetail | null> {
    const found = await this.sequelize.transaction((t) => this.updateIn(t, id, patch, ctx));
    return found ? this.get(id) : null;
  }

  /** `update` inside the caller's transaction; false when there is no such product. */
  async updateIn(t: Transaction, id: number, patch: ProductWrite, ctx: WriteContext = {}): Promise<boolean> {
    const row = await this.row(id, t);
    if (!row) return false;
    checkPrecondition(row, ctx.precondition);
    await this.setActor(ctx.actor, t);
    const owned = await this.erpOwned(row.erp_source_id, t);
    const refused = owned.filter((f) => (patch as Record<string, unknown>)[f] !== undefined);
    if (row.erp_source_id !== null && patch.sku !== undefined && patch.sku !== row.sku) refused.push('sku' as ErpOwnableField);
    if (refused.length) {
      throw new CatalogError('conflict', 'FIELD_OWNED_BY_ERP', `These fields are owned by the product's ERP and change only there: ${refused.join(', ')}`, { fields: refused });
    }
    if (patch.sku !== undefined && (await this.skuTaken(patch.sku, id, t))) throw new CatalogError('conflict', 'SKU_TAKEN', `A product with SKU ${patch.sku} exists`, { field: 'sku' });
    const fields = (Object.keys(PRODUCT_COLUMN) as (keyof typeof PRODUCT_COLUMN)[]).filter((k) => patch[k] !== undefined);
    if (fields.length) {
      await this.sequelize.query(
        `UPDATE products SET ${fields.map((f, i) => `${PRODUCT_COLUMN[f]} = $${i + 2}`).join(', ')}, updated_at = now(),
           erp_deactivated = CASE WHEN $${fields.length + 2}::boolean THEN FALSE ELSE erp_deactivated END
         WHERE id = $1`,
        { bind: [id, ...fields.map((f) => patch[f]), patch.status !== undefined], transaction: t },
      );
    }
    if (patch.categoryIds) {
      await this.setCategories(id, patch.categoryIds, t);
      if (!fields.length) await this.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [id], transaction: t });
    }
    return true;
  }

  /** Archives (soft delete): the product stays, with its ledger, and is no longer offered for sync. */
  async archive(id: number, ctx: WriteContext = {}): Promise<ProductDetail | null> {
    return this.update(id, { status: 'archived' }, ctx);
  }

  /** Replaces a product's overrides for one shop (absent fields clear, i.e. fall back to central values). */
  async putShopOverrides(productId: number, shopId: number, o: ShopOverridesWrite, ctx: WriteContext = {}): Promise<ProductDetail | null> {
    const found = await this.sequelize.transaction(async (t) => {
      const row = await this.row(productId, t);
      if (!row) return false;
      if (!(await shopExists(this.sequelize, shopId, t))) throw new CatalogError('not_found', 'SHOP_NOT_FOUND', `No shop with id ${shopId}`);
      checkPrecondition(row, ctx.precondition);
      await this.setActor(ctx.actor, t);
      await this.sequelize.query(
        `INSERT INTO product_shop_data (product_id, shop_id, name, description, short_description, price_net, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (product_id, shop_id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
           short_description = EXCLUDED.short_description, price_net = EXCLUDED.price_net, active = EXCLUDED.active, updated_at = now()`,
        { bind: [productId, shopId, o.name ?? null, o.description ?? null, o.shortDescription ?? null, o.priceNet ?? null, o.active ?? null], transaction: t },
      );
      // The shop's effective payload changed: the ledger's delta check will see it through updated_at.
      await this.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [productId], transaction: t });
      return true;
    });
    return found ? this.get(productId) : null;
  }
}

/** Exposed for the API's docs: which product fields an ERP can own. */
export const ERP_OWNABLE_FIELDS = Object.keys(ERP_OWNABLE_COLUMNS) as ErpOwnableField[];
