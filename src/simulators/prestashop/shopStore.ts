import { CategoryProducts } from './categoryProducts';
import { ColumnIndex } from './columnIndex';
import { isNumeric } from './mysqlCompare';
import type { Entity, ShopVersion } from './resourceModel';

export interface StoredImage {
  id: number;
  productId: number;
  position: number;
  cover: boolean;
  mime: string;
  bytes: Buffer;
}

/** A shop's whole state as JSON-able data (image bytes in base64): what a simulator persists across restarts. */
export interface ShopStoreDump {
  version: ShopVersion;
  tables: Record<string, Entity[]>;
  nextIds: Record<string, number>;
  images: Array<Omit<StoredImage, 'bytes'> & { bytes: string }>;
  nextImageId: number;
  categoryProducts: Record<string, number[]>;
}

/** MySQL DATETIME text of "now" (server local time, as PrestaShop's `date('Y-m-d H:i:s')`). */
export function mysqlNow(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The image files by id, with the ids of each product's images kept alongside (the `id_product` key of ps_image). */
export class ImageTable extends Map<number, StoredImage> {
  private readonly byProduct = new Map<number, Set<number>>();

  override set(id: number, image: StoredImage): this {
    const previous = super.get(id);
    if (previous && previous.productId !== image.productId) this.unlink(previous);
    super.set(id, image);
    let ids = this.byProduct.get(image.productId);
    if (!ids) this.byProduct.set(image.productId, (ids = new Set()));
    ids.add(id);
    return this;
  }

  override delete(id: number): boolean {
    const previous = super.get(id);
    if (previous) this.unlink(previous);
    return super.delete(id);
  }

  override clear(): void {
    this.byProduct.clear();
    super.clear();
  }

  /** The product's images (any order). */
  ofProduct(productId: number): StoredImage[] {
    return [...(this.byProduct.get(productId) ?? [])].map((id) => super.get(id)!);
  }

  private unlink(image: StoredImage): void {
    const ids = this.byProduct.get(image.productId);
    ids?.delete(image.id);
    if (ids?.size === 0) this.byProduct.delete(image.productId);
  }
}

/** The simulated shop's database: one table per resource plus the image files and category positions. */
export class ShopStore {
  readonly version: ShopVersion;
  readonly shopName: string;
  readonly defaultLanguageId = 1;
  private readonly tables = new Map<string, Map<number, Entity>>();
  private readonly nextIds = new Map<string, number>();
  /** Rows of each table in id order (the primary key order), rebuilt only after an out-of-order change. */
  private readonly ordered = new Map<string, Entity[]>();
  /** Secondary indexes per table and column, built on first use and kept up to date by put/remove. */
  private readonly indexes = new Map<string, Map<string, ColumnIndex>>();
  readonly images = new ImageTable();
  nextImageId = 1;
  /**
   * Rows a request had to look at beyond the ones it answers with: list-query candidates, whole-list passes over
   * a category's products. What MySQL's "rows examined" is to PrestaShop: tests check it does not grow with the
   * catalogue for the calls a sync makes.
   */
  rowsExamined = 0;
  /** category id → product ids in position order (ps_category_product). */
  readonly categoryProducts = new CategoryProducts((n) => (this.rowsExamined += n));

  constructor(version: ShopVersion, shopName: string) {
    this.version = version;
    this.shopName = shopName;
  }

  table(resource: string): Map<number, Entity> {
    let t = this.tables.get(resource);
    if (!t) {
      t = new Map();
      this.tables.set(resource, t);
    }
    return t;
  }

  get(resource: string, id: number): Entity | undefined {
    return this.table(resource).get(id);
  }

  /** All rows in id order. The array is shared: callers must not modify it. */
  rows(resource: string): readonly Entity[] {
    let rows = this.ordered.get(resource);
    if (!rows) {
      rows = [...this.table(resource).values()].sort((a, b) => a.id - b.id);
      this.ordered.set(resource, rows);
    }
    return rows;
  }

  /**
   * Rows that may have `column` equal to `operand` (or to any of `operand`'s values) under the shop's comparison
   * (see ColumnIndex), in id order; a superset, so callers still apply the exact predicate.
   */
  candidates(resource: string, column: string, operand: string | readonly string[]): Entity[] {
    const table = this.table(resource);
    return this.index(resource, column)
      .candidates(typeof operand === 'string' ? [operand] : operand)
      .map((id) => table.get(id)!);
  }

  /**
   * Rows whose id may equal one of `operands` under the shop's comparison (ids are numbers, so only numeric
   * operands can match: `5`, `05`, `5.0`), in id order.
   */
  byIds(resource: string, operands: readonly string[]): Entity[] {
    const table = this.table(resource);
    const ids = new Set(operands.filter(isNumeric).map(Number).filter((n) => Number.isInteger(n)));
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => table.get(id))
      .filter((e): e is Entity => e !== undefined);
  }

  /** How many rows `candidates(resource, column, operands)` returns at most, without collecting them. */
  candidateCount(resource: string, column: string, operands: readonly string[]): number {
    return this.index(resource, column).count(operands);
  }

  private index(resource: string, column: string): ColumnIndex {
    let byColumn = this.indexes.get(resource);
    if (!byColumn) this.indexes.set(resource, (byColumn = new Map()));
    let index = byColumn.get(column);
    if (!index) {
      index = new ColumnIndex();
      for (const e of this.table(resource).values()) index.set(e.id, e.values[column] ?? '');
      byColumn.set(column, index);
    }
    return index;
  }

  allocateId(resource: string): number {
    const next = this.nextIds.get(resource) ?? 1;
    this.nextIds.set(resource, next + 1);
    return next;
  }

  /** Inserts or replaces a row; also to be called after a stored row's `values` were replaced (keeps indexes exact). */
  put(resource: string, e: Entity): void {
    const table = this.table(resource);
    const previous = table.get(e.id);
    table.set(e.id, e);
    if (previous !== e) {
      const rows = this.ordered.get(resource);
      if (rows && previous === undefined && (rows.length === 0 || rows[rows.length - 1].id < e.id)) rows.push(e);
      else this.ordered.delete(resource);
    }
    for (const [column, index] of this.indexes.get(resource) ?? []) index.set(e.id, e.values[column] ?? '');
    if ((this.nextIds.get(resource) ?? 1) <= e.id) this.nextIds.set(resource, e.id + 1);
  }

  remove(resource: string, id: number): boolean {
    const removed = this.table(resource).delete(id);
    if (removed) {
      // A new array (never spliced): callers may be iterating the old one while removing.
      this.ordered.delete(resource);
      for (const index of this.indexes.get(resource)?.values() ?? []) index.delete(id);
    }
    return removed;
  }

  /** Active language ids in id order: the languages multilingual output contains. */
  activeLanguageIds(): number[] {
    return this.rows('languages')
      .filter((l) => l.values.active === '1')
      .map((l) => l.id);
  }

  allLanguageIds(): number[] {
    return this.rows('languages').map((l) => l.id);
  }

  productImages(productId: number): StoredImage[] {
    return this.images.ofProduct(productId).sort((a, b) => a.position - b.position);
  }

  /** Everything, for the inspection API (image bytes summarised). */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = { version: this.version, shopName: this.shopName };
    for (const [name, t] of this.tables) out[name] = [...t.values()].sort((a, b) => a.id - b.id);
    out.images = [...this.images.values()].map(({ bytes, ...rest }) => ({ ...rest, size: bytes.length }));
    out.categoryProducts = this.categoryProducts.toRecord();
    return out;
  }

  dump(): ShopStoreDump {
    return {
      version: this.version,
      tables: Object.fromEntries([...this.tables].map(([name, t]) => [name, [...t.values()]])),
      nextIds: Object.fromEntries(this.nextIds),
      images: [...this.images.values()].map((i) => ({ ...i, bytes: i.bytes.toString('base64') })),
      nextImageId: this.nextImageId,
      categoryProducts: this.categoryProducts.toRecord(),
    };
  }

  /** Replaces everything with a dump of a shop of the same version (the resources keep this store object). */
  load(d: ShopStoreDump): void {
    if (d.version !== this.version) throw new Error(`the saved shop is PrestaShop ${d.version}, this simulator runs ${this.version}`);
    this.tables.clear();
    this.ordered.clear();
    this.indexes.clear();
    this.nextIds.clear();
    this.images.clear();
    this.categoryProducts.clear();
    for (const [name, rows] of Object.entries(d.tables)) {
      this.table(name);
      for (const e of rows) this.put(name, e);
    }
    for (const [name, next] of Object.entries(d.nextIds)) this.nextIds.set(name, next);
    for (const i of d.images) this.images.set(i.id, { ...i, bytes: Buffer.from(i.bytes, 'base64') });
    this.nextImageId = d.nextImageId;
    for (const [id, products] of Object.entries(d.categoryProducts)) this.categoryProducts.set(Number(id), products);
  }
}
