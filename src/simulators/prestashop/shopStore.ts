import type { Entity, ShopVersion } from './resourceModel';

export interface StoredImage {
  id: number;
  productId: number;
  position: number;
  cover: boolean;
  mime: string;
  bytes: Buffer;
}

/** MySQL DATETIME text of "now" (server local time, as PrestaShop's `date('Y-m-d H:i:s')`). */
export function mysqlNow(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The simulated shop's database: one table per resource plus the image files and category positions. */
export class ShopStore {
  readonly version: ShopVersion;
  readonly shopName: string;
  readonly defaultLanguageId = 1;
  private readonly tables = new Map<string, Map<number, Entity>>();
  private readonly nextIds = new Map<string, number>();
  readonly images = new Map<number, StoredImage>();
  nextImageId = 1;
  /** category id → product ids in position order (ps_category_product). */
  readonly categoryProducts = new Map<number, number[]>();

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

  rows(resource: string): Entity[] {
    return [...this.table(resource).values()].sort((a, b) => a.id - b.id);
  }

  allocateId(resource: string): number {
    const next = this.nextIds.get(resource) ?? 1;
    this.nextIds.set(resource, next + 1);
    return next;
  }

  put(resource: string, e: Entity): void {
    this.table(resource).set(e.id, e);
    if ((this.nextIds.get(resource) ?? 1) <= e.id) this.nextIds.set(resource, e.id + 1);
  }

  remove(resource: string, id: number): boolean {
    return this.table(resource).delete(id);
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
    return [...this.images.values()].filter((i) => i.productId === productId).sort((a, b) => a.position - b.position);
  }

  /** Everything, for the inspection API (image bytes summarised). */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = { version: this.version, shopName: this.shopName };
    for (const [name, t] of this.tables) out[name] = [...t.values()].sort((a, b) => a.id - b.id);
    out.images = [...this.images.values()].map(({ bytes, ...rest }) => ({ ...rest, size: bytes.length }));
    out.categoryProducts = Object.fromEntries(this.categoryProducts);
    return out;
  }
}
