/** Adds `from[k]` to `into[k]` for each of `keys` (a page's or a batch's counts into a running total). */
export function addCounters<K extends string>(into: Record<K, number>, from: Readonly<Record<K, number>>, keys: readonly K[]): void {
  for (const k of keys) into[k] += from[k];
}
