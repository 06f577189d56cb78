/**
 * `ps_category_product`: per category the product ids in position order, plus each product's position (what
 * the table's keys give PrestaShop), so adding a product, asking whether it is in a category and reading its
 * `position_in_category` cost the same at any catalogue size. The lists are changed in place: callers get
 * read-only views and must not modify them.
 */
export class CategoryProducts {
  private readonly lists = new Map<number, number[]>();
  /** category → product id → 0-based index in its list; absent while stale (after a removal or a reorder). */
  private readonly positions = new Map<number, Map<number, number>>();

  /** `scanned(n)`: told about every pass over a whole list (the work a request does beyond its own rows). */
  constructor(private readonly scanned: (n: number) => void = () => undefined) {}

  /** Product ids of the category in position order (shared: do not modify). */
  get(categoryId: number): readonly number[] | undefined {
    return this.lists.get(categoryId);
  }

  /** Every category id with a list. */
  categoryIds(): number[] {
    return [...this.lists.keys()];
  }

  /** 0-based position of the product in the category, -1 when it is not in it. */
  position(categoryId: number, productId: number): number {
    const list = this.lists.get(categoryId);
    if (!list) return -1;
    return this.fresh(categoryId, list).get(productId) ?? -1;
  }

  has(categoryId: number, productId: number): boolean {
    const list = this.lists.get(categoryId);
    if (!list) return false;
    const positions = this.positions.get(categoryId);
    if (positions) return positions.has(productId);
    this.scanned(list.length);
    return list.includes(productId);
  }

  /** Puts the product last in the category (PrestaShop: position = max + 1); nothing when it is already in it. */
  append(categoryId: number, productId: number): void {
    if (this.has(categoryId, productId)) return;
    let list = this.lists.get(categoryId);
    if (!list) {
      list = [];
      this.lists.set(categoryId, list);
      this.positions.set(categoryId, new Map());
    }
    list.push(productId);
    this.positions.get(categoryId)?.set(productId, list.length - 1);
  }

  /** Takes the product out of the category; the ones after it move up (as PrestaShop's cleanPositions). */
  remove(categoryId: number, productId: number): void {
    const list = this.lists.get(categoryId);
    if (!list) return;
    const known = this.positions.get(categoryId);
    const at = known ? (known.get(productId) ?? -1) : list.indexOf(productId);
    if (!known) this.scanned(list.length);
    if (at < 0) return;
    this.scanned(list.length - at);
    list.splice(at, 1);
    this.positions.delete(categoryId);
  }

  /** Replaces the category's order (a `position_in_category` write, a loaded shop). */
  set(categoryId: number, productIds: number[]): void {
    this.lists.set(categoryId, [...productIds]);
    this.positions.delete(categoryId);
  }

  clear(): void {
    this.lists.clear();
    this.positions.clear();
  }

  /** A copy as `{ categoryId: productIds }`, for the inspection API and the state file. */
  toRecord(): Record<string, number[]> {
    return Object.fromEntries([...this.lists].map(([id, list]) => [id, [...list]]));
  }

  private fresh(categoryId: number, list: number[]): Map<number, number> {
    let positions = this.positions.get(categoryId);
    if (!positions) {
      this.scanned(list.length);
      positions = new Map(list.map((id, i) => [id, i]));
      this.positions.set(categoryId, positions);
    }
    return positions;
  }
}
