import { QueryTypes, type Sequelize } from 'sequelize';
import { LEDGER_STATUS_SQL, type LedgerStatus } from './ledgerStatus';
import { ListCursors } from './listCursor';
import { type ProductRow, type ProductStatus, type ProductView, toView } from './productRow';

/**
 * Finding products: text search over SKU, EAN, name and descriptions, the main ones and those of every translation (word
 * prefixes, case- and accent-insensitive through `products.search_tsv` and `product_translations_search`, both GIN-indexed;
 * ranked with pg_trgm word similarity), filters, a choice of sort, keyset (cursor) or offset paging, and a
 * total that is exact up to EXACT_TOTAL_CAP matches and the planner's estimate beyond (marked as such).
 */

/**
 * A translation's folded words (alias `t`): exactly the expression of the index `product_translations_search`
 * (migration 0025), which the planner uses only for this very expression.
 */
export const TRANSLATION_TSV_SQL = `to_tsvector('simple'::regconfig, ppm_fold(t.name || ' ' || coalesce(t.description_short, '') || ' ' || coalesce(t.description, '')))`;

export const PRODUCT_SORTS = ['relevance', 'sku', '-sku', 'name', '-name', 'price', '-price', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductListQuery {
  /** Words that must all start a word of the SKU, EAN, name or descriptions, or of a translation's name or descriptions (any language; case and accents ignored), or the start of the SKU. */
  q?: string;
  skuPrefix?: string;
  status?: ProductStatus;
  erpSourceId?: number;
  /** Products assigned to this shop: a ledger row (pushed or tried) or overrides for it. */
  shopId?: number;
  /** Sync state in `syncShopId`, or in any shop when it is absent (`never_pushed`: in no shop). */
  syncState?: LedgerStatus;
  syncShopId?: number;
  updatedSince?: string;
  /** Products in this category (or, with includeSubcategories, in it or any category below it). */
  categoryId?: number;
  includeSubcategories?: boolean;
  /** true: with at least one image; false: without any. */
  hasImages?: boolean;
  /** Default: `relevance` with `q`, else `sku`. `relevance` without `q` sorts by SKU. */
  sort?: ProductSort;
  pageSize: number;
  /** Offset paging (1-based); absent with a cursor. */
  page?: number;
  cursor?: string;
  /** false: skip the total when it would cost a query (whole-catalogue walks: export, mass edit); total is then -1 */
  countTotal?: boolean;
}

export interface ProductListPage {
  items: ProductView[];
  total: number;
  /** false: `total` is the planner's estimate (more than EXACT_TOTAL_CAP matches). */
  totalExact: boolean;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

/** Counting more matches than this exactly would cost more than the page itself. */
export const EXACT_TOTAL_CAP = 1000;
/** Search words at most (each one more index condition). */
const MAX_WORDS = 8;

interface SortSpec {
  expr: string;
  /** SQL type the cursor's text key is cast to */
  type: string;
  desc: boolean;
}

const KEYS: Record<Exclude<ProductSort, 'relevance' | `-${string}`>, Omit<SortSpec, 'desc'>> = {
  sku: { expr: 'p.sku', type: 'text' },
  name: { expr: 'p.name', type: 'text' },
  // NaN sorts after every number: products without a price come last ascending, first descending.
  price: { expr: `coalesce(p.price_net, 'NaN'::numeric)`, type: 'numeric' },
  createdAt: { expr: 'p.created_at', type: 'timestamptz' },
  updatedAt: { expr: 'p.updated_at', type: 'timestamptz' },
};

export class ListQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ListQueryError';
  }
}

/** A filter's references exist (an unknown category is a ListQueryError naming categoryId, not an empty listing). */
export async function assertFilterReferences(sequelize: Sequelize, filter: { categoryId?: number }): Promise<void> {
  if (filter.categoryId === undefined) return;
  const [known] = await sequelize.query(`SELECT 1 FROM categories WHERE id = $1`, { bind: [filter.categoryId], type: QueryTypes.SELECT });
  if (!known) throw new ListQueryError('categoryId', `no category with id ${filter.categoryId}`);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Builds one listing's SQL: WHERE with bind parameters ($1…) and the sort. */
class ListingSql {
  readonly bind: unknown[] = [];
  readonly where: string[] = [];

  param(v: unknown): string {
    this.bind.push(v);
    return `$${this.bind.length}`;
  }

  whereSql(extra: string[] = []): string {
    const all = [...this.where, ...extra];
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  }
}

export class ProductList {
  private readonly cursors: ListCursors;

  constructor(
    private readonly sequelize: Sequelize,
    cursorSecret: string,
  ) {
    this.cursors = new ListCursors(cursorSecret);
  }

  async list(query: ProductListQuery): Promise<ProductListPage> {
    const words = query.q ? [...new Set(query.q.trim().split(/\s+/).filter(Boolean))] : [];
    if (words.length > MAX_WORDS) throw new ListQueryError('q', `at most ${MAX_WORDS} words`);
    const sortName: ProductSort = query.sort === undefined || (query.sort === 'relevance' && !words.length) ? (words.length ? 'relevance' : 'sku') : query.sort;
    const fingerprint = ListCursors.fingerprint({ ...query, sort: sortName, pageSize: undefined, page: undefined, cursor: undefined, countTotal: undefined });
    if (query.cursor !== undefined && query.page !== undefined) throw new ListQueryError('page', 'give either page (offset paging) or cursor (keyset paging), not both');

    const sql = new ListingSql();
    if (words.length) {
      // Every word as a prefix of a word of the product's own texts or of one of its translations (folded), or the whole
      // text as the start of the SKU. A UNION of the ids each GIN index (and the SKU index) finds, so neither side scans.
      const text = words.join(' ');
      const tsq = `ppm_prefix_query(${sql.param(text)})`;
      sql.where.push(
        `p.id IN (SELECT s.id FROM products s WHERE s.search_tsv @@ ${tsq} OR lower(s.sku) LIKE ${sql.param(`${likeEscape(text.toLowerCase())}%`)}
                  UNION SELECT t.product_id FROM product_translations t WHERE ${TRANSLATION_TSV_SQL} @@ ${tsq})`,
      );
    }
    if (query.skuPrefix) sql.where.push(`p.sku LIKE ${sql.param(`${likeEscape(query.skuPrefix)}%`)}`);
    if (query.status) sql.where.push(`p.status = ${sql.param(query.status)}`);
    if (query.erpSourceId !== undefined) sql.where.push(`p.erp_source_id = ${sql.param(query.erpSourceId)}`);
    // As epoch milliseconds: any ISO instant (offsets beyond ±16 h, year 0) is a valid PostgreSQL timestamp this way.
    if (query.updatedSince) sql.where.push(`p.updated_at >= to_timestamp(${sql.param(Date.parse(query.updatedSince))}::float8 / 1000)`);
    // The list is one statement across owners: these filters probe the push ledger (sync_state) per candidate product.
    if (query.shopId !== undefined) {
      const s = sql.param(query.shopId);
      sql.where.push(`(EXISTS (SELECT 1 FROM sync_state l WHERE l.product_id = p.id AND l.shop_id = ${s}) OR EXISTS (SELECT 1 FROM product_shop_data d WHERE d.product_id = p.id AND d.shop_id = ${s}))`);
    }
    if (query.syncState) {
      const inShop = query.syncShopId !== undefined ? ` AND l.shop_id = ${sql.param(query.syncShopId)}` : '';
      sql.where.push(
        query.syncState === 'never_pushed'
          ? `NOT EXISTS (SELECT 1 FROM sync_state l WHERE l.product_id = p.id${inShop} AND ${LEDGER_STATUS_SQL.recorded})`
          : `EXISTS (SELECT 1 FROM sync_state l WHERE l.product_id = p.id${inShop} AND ${LEDGER_STATUS_SQL[query.syncState]})`,
      );
    }

    if (query.categoryId !== undefined) {
      await assertFilterReferences(this.sequelize, query);
      const c = sql.param(query.categoryId);
      // The subtree through categories_parent (UNION: a cycle could never loop); each id then product_categories_category.
      const ids = query.includeSubcategories
        ? `(WITH RECURSIVE sub(id) AS (SELECT ${c}::int UNION SELECT k.id FROM categories k JOIN sub ON k.parent_id = sub.id) SELECT id FROM sub)`
        : `(${c}::int)`;
      sql.where.push(`EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id IN ${ids})`);
    }
    if (query.hasImages !== undefined) sql.where.push(`${query.hasImages ? '' : 'NOT '}EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = p.id)`);

    const whereForCount = sql.whereSql();
    const countBind = [...sql.bind];
    const sort = this.sortSpec(sortName, sql, words.join(' '));
    const keyset: string[] = [];
    if (query.cursor !== undefined) {
      const pos = this.cursors.decode(query.cursor, fingerprint);
      keyset.push(`(${sort.expr}, p.id) ${sort.desc ? '<' : '>'} (${sql.param(pos.key)}::${sort.type}, ${sql.param(pos.id)}::int)`);
    }
    const dir = sort.desc ? 'DESC' : 'ASC';
    // A search visits every match anyway (to rank or sort them): counting them in the same pass is free, and
    // exact. Other listings walk an index in sort order and stop at the page; they count separately, capped.
    const windowCount = words.length > 0 && query.cursor === undefined;
    const offset = query.cursor === undefined ? ((query.page ?? 1) - 1) * query.pageSize : 0;
    const rows = await this.sequelize.query<ProductRow & { sort_key: string; matches?: number }>(
      `SELECT p.id, p.sku, p.name, p.description, p.short_description, p.ean, p.unit, p.price_net, p.vat_rate, p.currency,
              p.weight_kg, p.stock, p.status, p.erp_source_id, p.erp_external_id, p.created_at, p.updated_at, p.version,
              (${sort.expr})::text AS sort_key${windowCount ? ', count(*) OVER ()::int AS matches' : ''}
         FROM products p ${sql.whereSql(keyset)}
        ORDER BY ${sort.expr} ${dir}, p.id ${dir}
        LIMIT ${sql.param(query.pageSize + 1)} OFFSET ${sql.param(offset)}`,
      { bind: sql.bind, type: QueryTypes.SELECT },
    );
    const more = rows.length > query.pageSize;
    const page = rows.slice(0, query.pageSize);
    const last = page.at(-1);
    const { total, exact } =
      windowCount && rows.length
        ? { total: rows[0].matches!, exact: true }
        : offset === 0 && !more && query.cursor === undefined
          ? { total: page.length, exact: true }
          : query.countTotal === false
            ? { total: -1, exact: false }
            : await this.total(whereForCount, countBind);
    return {
      items: page.map(toView),
      total,
      totalExact: exact,
      page: query.cursor === undefined ? (query.page ?? 1) : null,
      pageSize: query.pageSize,
      nextCursor: more && last ? this.cursors.encode(fingerprint, { key: last.sort_key, id: last.id }) : null,
    };
  }

  private sortSpec(sort: ProductSort, sql: ListingSql, q: string): SortSpec {
    if (sort === 'relevance') {
      // An exact SKU or EAN match first, then SKU prefixes, then by how well the words match the name; a product found
      // only through a translation by how well they match its best-matching translated name.
      const qp = sql.param(q);
      const prefix = sql.param(`${likeEscape(q.toLowerCase())}%`);
      return {
        expr: `round((CASE WHEN lower(p.sku) = lower(${qp}) OR p.ean = ${qp} THEN 2 WHEN lower(p.sku) LIKE ${prefix} THEN 1 ELSE 0 END
                 + CASE WHEN p.search_tsv @@ ppm_prefix_query(${qp}) OR lower(p.sku) LIKE ${prefix} THEN word_similarity(ppm_fold(${qp}), ppm_fold(p.name))
                        ELSE coalesce((SELECT max(word_similarity(ppm_fold(${qp}), ppm_fold(t.name))) FROM product_translations t WHERE t.product_id = p.id), 0) END
                )::numeric, 6)`,
        type: 'numeric',
        desc: true,
      };
    }
    const desc = sort.startsWith('-');
    return { ...KEYS[(desc ? sort.slice(1) : sort) as keyof typeof KEYS], desc };
  }

  /** Exact up to EXACT_TOTAL_CAP matches; beyond, the planner's row estimate for the same WHERE. */
  private async total(where: string, bind: unknown[]): Promise<{ total: number; exact: boolean }> {
    const [{ n }] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM products p ${where} LIMIT ${EXACT_TOTAL_CAP + 1}) x`, { bind, type: QueryTypes.SELECT });
    if (n <= EXACT_TOTAL_CAP) return { total: n, exact: true };
    const [plan] = await this.sequelize.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM products p ${where}`, { bind, type: QueryTypes.SELECT });
    return { total: Math.max(EXACT_TOTAL_CAP + 1, Math.round(plan['QUERY PLAN'][0].Plan['Plan Rows'])), exact: false };
  }
}
