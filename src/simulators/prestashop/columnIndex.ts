import { collationKey, isNumeric } from './mysqlCompare';

function addTo<K>(map: Map<K, Set<number>>, key: K, id: number): void {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom<K>(map: Map<K, Set<number>>, key: K, id: number): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}

/**
 * A secondary index on one plain column (what MySQL's KEY on `reference` or `id_product` gives PrestaShop):
 * row ids by collation key and, for numeric values, by number. `candidates(x)` returns a superset of the rows
 * whose value compares equal to `x` under the shop's comparison (numeric when both sides are numbers,
 * case-insensitive otherwise); callers still apply the exact predicate.
 */
export class ColumnIndex {
  private readonly byText = new Map<string, Set<number>>();
  private readonly byNumber = new Map<number, Set<number>>();
  private readonly indexed = new Map<number, string>();

  set(id: number, value: string): void {
    const old = this.indexed.get(id);
    if (old === value) return;
    if (old !== undefined) this.delete(id);
    this.indexed.set(id, value);
    addTo(this.byText, collationKey(value), id);
    if (isNumeric(value)) addTo(this.byNumber, Number(value), id);
  }

  delete(id: number): void {
    const old = this.indexed.get(id);
    if (old === undefined) return;
    this.indexed.delete(id);
    removeFrom(this.byText, collationKey(old), id);
    if (isNumeric(old)) removeFrom(this.byNumber, Number(old), id);
  }

  /** How many ids `candidates(operands)` returns at most (without collecting them): to pick the most selective index. */
  count(operands: readonly string[]): number {
    let n = 0;
    for (const o of operands) {
      n += this.byText.get(collationKey(o))?.size ?? 0;
      if (isNumeric(o)) n += this.byNumber.get(Number(o))?.size ?? 0;
    }
    return n;
  }

  /** Ids of the rows that may equal any of `operands` (an `[A|B|…]` filter is an OR of equalities), ascending. */
  candidates(operands: readonly string[]): number[] {
    const out = new Set<number>();
    for (const o of operands) {
      for (const id of this.byText.get(collationKey(o)) ?? []) out.add(id);
      if (isNumeric(o)) for (const id of this.byNumber.get(Number(o)) ?? []) out.add(id);
    }
    return [...out].sort((a, b) => a - b);
  }
}
