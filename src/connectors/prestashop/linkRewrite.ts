/**
 * A PrestaShop friendly URL (`isLinkRewrite`: `[_a-zA-Z0-9-]+`, at most 128) from a name in any language.
 * Polish and German letters are transliterated (ą→a, ł→l, ś→s, ż→z …; ä→ae, ö→oe, ü→ue, ß→ss), other accents
 * are folded, everything else becomes a hyphen.
 */
const TRANSLITERATE: Record<string, string> = {
  ä: 'ae', Ä: 'ae', ö: 'oe', Ö: 'oe', ü: 'ue', Ü: 'ue', ß: 'ss', ẞ: 'ss',
  ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', þ: 'th', ı: 'i',
};

export function linkRewrite(name: string, fallback = 'product'): string {
  const ascii = [...name]
    .map((c) => TRANSLITERATE[c] ?? c)
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
