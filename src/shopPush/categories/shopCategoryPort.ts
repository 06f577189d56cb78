/** What mapping central categories to a shop needs from the shop (ids as the shop numbers them). */
export interface ShopCategoryPort {
  /** Direct children of `parentId`, with their names per shop language id. */
  children(parentId: number): Promise<Array<{ id: number; names: Record<string, string> }>>;
  /** Which of `ids` still exist in the shop. */
  existing(ids: number[]): Promise<Set<number>>;
  /** Creates an active category under `parentId` with a name and friendly URL per shop language id. */
  create(parentId: number, names: Record<string, string>, linkRewrites: Record<string, string>): Promise<number>;
  /** Deletes a category; false when it was already gone. */
  delete(id: number): Promise<boolean>;
}
