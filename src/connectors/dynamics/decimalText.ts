/**
 * Exact decimal handling for BC amounts. BC sends decimals as JSON numbers (reference §10.4); we take the
 * shortest round-trip text of each number, keep 4 decimal places as a scaled integer (half away from zero) and
 * do VAT arithmetic on those integers, so a change in the 4th decimal always shows.
 */
const SCALE = 10_000n;

/** Plain decimal text of a JSON number (no exponent). */
export function plainDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** Rounds decimal text to 4 places and returns it scaled by 10^4. */
export function toScaled4(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const [, sign, whole, frac = ''] = m;
  let scaled = BigInt(whole) * SCALE + BigInt((frac + '0000').slice(0, 4));
  if (frac.length > 4 && Number(frac[4]) >= 5) scaled += 1n;
  return sign ? -scaled : scaled;
}

export function formatScaled4(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(4, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** round(a * num / den) half away from zero, all scaled integers. */
export function mulDivRound(a: bigint, num: bigint, den: bigint): bigint {
  const product = a * num;
  const negative = product < 0n !== den < 0n;
  const absP = product < 0n ? -product : product;
  const absD = den < 0n ? -den : den;
  const q = (absP * 2n + absD) / (absD * 2n);
  return negative ? -q : q;
}

/** Money with 4 decimals kept, e.g. 129.5 → "129.5000". */
export function money4(value: number): string {
  return formatScaled4(toScaled4(plainDecimal(value)));
}
