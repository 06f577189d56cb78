/** How the shop's MySQL compares a stored column with a filter operand (`_ci` PAD SPACE collation). */

export const isNumeric = (s: string): boolean => s.trim() !== '' && !Number.isNaN(Number(s));

/** The collation key of a string: case-folded, trailing spaces ignored. */
export const collationKey = (s: string): string => s.toLowerCase().replace(/ +$/, '');

/** Numbers numerically, strings case-insensitively. */
export function mysqlCompare(a: string, b: string): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  const x = collationKey(a);
  const y = collationKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
