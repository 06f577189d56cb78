/**
 * SQL Server DATETIME on the wire: int32 days since 1900-01-01, uint32 ticks of 1/300 s since midnight.
 * The simulator keeps wall-clock text ("2024-03-01 13:45:10.123") end to end: no time zone is ever applied,
 * like SQL Server, which stores local time without a zone.
 */
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1900, 0, 1);

interface WallClock {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** fraction of a second, 0 <= frac < 1 */
  frac: number;
}

export function parseWallClock(text: string): WallClock {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/.exec(text);
  if (!m) throw new RangeError(`not a date/time: ${text}`);
  return { y: +m[1], mo: +m[2], d: +m[3], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), frac: m[7] ? Number(`0.${m[7]}`) : 0 };
}

export function wallClockToDatetimeParts(text: string): { days: number; ticks: number } {
  const c = parseWallClock(text);
  let days = Math.round((Date.UTC(c.y, c.mo - 1, c.d) - EPOCH_1900) / DAY_MS);
  let ticks = Math.round((c.h * 3600 + c.mi * 60 + c.s + c.frac) * 300);
  if (ticks >= 300 * 86_400) {
    days += 1;
    ticks -= 300 * 86_400;
  }
  return { days, ticks };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function datetimePartsToWallClock(days: number, ticks: number): string {
  const date = new Date(EPOCH_1900 + days * DAY_MS);
  const ms = Math.round((ticks * 10) / 3);
  const h = Math.floor(ms / 3_600_000);
  const mi = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Days since 0001-01-01 (DATE, DATETIME2 date part). */
export function daysSinceYear1(y: number, mo: number, d: number): number {
  const target = new Date(0);
  target.setUTCFullYear(y, mo - 1, d);
  target.setUTCHours(0, 0, 0, 0);
  const year1 = new Date(0);
  year1.setUTCFullYear(1, 0, 1);
  year1.setUTCHours(0, 0, 0, 0);
  return Math.round((target.getTime() - year1.getTime()) / DAY_MS);
}

export function year1DaysToDate(days: number): string {
  const year1 = new Date(0);
  year1.setUTCFullYear(1, 0, 1);
  year1.setUTCHours(0, 0, 0, 0);
  const dt = new Date(year1.getTime() + days * DAY_MS);
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}
