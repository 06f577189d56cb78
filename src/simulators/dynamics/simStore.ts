import crypto from 'node:crypto';
import { EMPTY_GUID, type SimCompanyData, type SimItemRow, type SimPictureMedia } from './simModel';

/**
 * The simulated environment's database: companies with their items, categories, variants and pictures, and
 * the row versions behind each `@odata.etag`. Every change through the API or the control API bumps the row
 * version and (for items) `lastModifiedDateTime`, as BC's SystemModifiedAt does. A picture change does not
 * touch the item ([unconfirmed] in the reference; the simulator takes the conservative side).
 */
export class SimStore {
  private readonly byId = new Map<string, SimCompanyData>();
  private lastStamp = 0;

  constructor(companies: SimCompanyData[]) {
    for (const c of companies) this.byId.set(c.company.id.toLowerCase(), c);
  }

  companies(): SimCompanyData[] {
    return [...this.byId.values()];
  }

  company(id: string): SimCompanyData | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** A strictly increasing modification timestamp (ms precision, like BC's SystemModifiedAt). */
  private stamp(): string {
    const now = Math.max(Date.now(), this.lastStamp + 1);
    this.lastStamp = now;
    return new Date(now).toISOString();
  }

  private bump(data: SimCompanyData, key: string): void {
    data.rowVersions.set(key, (data.rowVersions.get(key) ?? 1000) + 1 + Math.floor(Math.random() * 1000));
  }

  /** Weak ETag in BC's shape: base64 of `'<len>;<rowversion>;00;'` inside `W/"…"`. */
  etag(data: SimCompanyData, key: string): string {
    const version = String(data.rowVersions.get(key) ?? 1);
    return `W/"${Buffer.from(`'${version.length};${version};00;'`, 'utf8').toString('base64')}"`;
  }

  findItemByNumber(data: SimCompanyData, number: string): SimItemRow | undefined {
    for (const item of data.items.values()) if (item.number === number) return item;
    return undefined;
  }

  /** Creates or changes an item (by number). Unknown properties are ignored by the caller's validation. */
  upsertItem(data: SimCompanyData, number: string, changes: Partial<SimItemRow>): SimItemRow {
    const existing = this.findItemByNumber(data, number);
    const base: SimItemRow = existing ?? {
      id: crypto.randomUUID(),
      number,
      displayName: '',
      displayName2: '',
      type: 'Inventory',
      itemCategoryId: EMPTY_GUID,
      itemCategoryCode: '',
      blocked: false,
      gtin: '',
      inventory: 0,
      unitPrice: 0,
      priceIncludesTax: false,
      unitCost: 0,
      taxGroupId: EMPTY_GUID,
      taxGroupCode: '',
      baseUnitOfMeasureId: EMPTY_GUID,
      baseUnitOfMeasureCode: 'SZT',
      generalProductPostingGroupId: EMPTY_GUID,
      generalProductPostingGroupCode: '',
      inventoryPostingGroupId: EMPTY_GUID,
      inventoryPostingGroupCode: '',
      lastModifiedDateTime: '',
    };
    const { id: _id, lastModifiedDateTime: _lm, ...allowed } = changes;
    const updated: SimItemRow = { ...base, ...allowed, number, lastModifiedDateTime: this.stamp() };
    if (allowed.itemCategoryCode !== undefined) {
      const category = [...data.categories.values()].find((c) => c.code === allowed.itemCategoryCode);
      updated.itemCategoryId = category?.id ?? EMPTY_GUID;
    }
    data.items.set(updated.id, updated);
    this.bump(data, updated.id);
    return updated;
  }

  deleteItem(data: SimCompanyData, itemId: string): boolean {
    const existed = data.items.delete(itemId);
    data.pictures.delete(itemId);
    for (const [id, v] of data.variants) if (v.itemId === itemId) data.variants.delete(id);
    return existed;
  }

  /**
   * Changes an item's inventory without touching the item row, as posting an item ledger entry does
   * (the reference infers `inventory` is a FlowField; [unconfirmed]).
   */
  postInventory(item: SimItemRow, quantity: number): void {
    item.inventory = Math.round((item.inventory + quantity) * 100000) / 100000;
  }

  setPicture(data: SimCompanyData, itemId: string, media: SimPictureMedia | null): void {
    if (media) data.pictures.set(itemId, media);
    else data.pictures.delete(itemId);
    this.bump(data, `picture:${itemId}`);
  }
}
