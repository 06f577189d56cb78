/**
 * PrestaShop's `Tools::str2url` (accented URLs off): accents folded to ASCII, lower case, everything outside
 * `[a-z0-9]` collapsed into single dashes, dashes trimmed.
 */
const SPECIAL: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', þ: 'th' };

export function str2url(text: string): string {
  const folded = [...text].map((ch) => SPECIAL[ch] ?? ch).join('').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return folded
    .toLowerCase()
    .replace(/[^a-z0-9\s':/[\]-]/g, '')
    .replace(/[\s':/[\]-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
