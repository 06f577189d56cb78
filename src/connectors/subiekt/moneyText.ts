/** Money from SQL Server as exact decimal text with exactly 4 decimals ("12.3400"); null stays null. */
export function money4(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new RangeError(`not a money value: ${s}`);
  const frac = (m[3] ?? '').padEnd(4, '0');
  if (frac.length > 4 && /[1-9]/.test(frac.slice(4))) throw new RangeError(`money with more than 4 decimals: ${s}`);
  return `${m[1]}${m[2] || '0'}.${frac.slice(0, 4)}`;
}

/** A percentage without insignificant zeros: "23.0000" → "23", "5.5000" → "5.5". */
export function trimDecimal(text: string): string {
  const s = money4(text)!;
  return s.replace(/\.?0+$/, '') || '0';
}
