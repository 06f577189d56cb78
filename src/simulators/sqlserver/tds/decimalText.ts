/** Exact conversions between decimal strings ("-12.3456") and scaled integers, for money and decimal on the wire. */

/** "12.34567" with scale 4 → 123457n (rounded half away from zero, like SQL Server). */
export function decimalTextToScaled(text: string, scale: number): bigint {
  const s = text.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) throw new RangeError(`not a decimal number: ${text}`);
  if (m[4]) return decimalTextToScaled(Number(s).toFixed(Math.max(scale, 0)), scale);
  const neg = m[1] === '-';
  const intPart = m[2] || '0';
  const frac = m[3] ?? '';
  const kept = (frac + '0'.repeat(scale)).slice(0, scale);
  let v = BigInt(intPart + kept);
  const nextDigit = frac.length > scale ? Number(frac[scale]) : 0;
  if (nextDigit >= 5) v += 1n;
  return neg ? -v : v;
}

/** 123457n with scale 4 → "12.3457". */
export function scaledToDecimalText(v: bigint, scale: number): string {
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}` : abs;
  return neg ? `-${text}` : text;
}
