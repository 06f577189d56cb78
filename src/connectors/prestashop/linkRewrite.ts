/**
 * A PrestaShop-valid friendly URL (`isLinkRewrite`: `[_a-zA-Z0-9-]+`, max 128) from a product or category name.
 * Diacritics are folded (Polish ą→a, ć→c, ę→e, ł→l, ń→n, ó→o, ś→s, ź→z, ż→z, and other Latin scripts).
 */
const FOLD: Record<string, string> = { ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', þ: 'th', ı: 'i' };

export function linkRewrite(name: string, fallback = 'product'): string {
  const ascii = [...name]
    .map((c) => FOLD[c] ?? c)
    .join('')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const slug = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}
