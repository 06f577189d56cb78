/** One line of `ppm doctor`: what was checked, whether it works, and what to do when it does not. */
export interface DoctorResult {
  /** configuration | postgresql | temporal | shop | erp source */
  area: string;
  /** Which thing (a setting, a shop's name and id, ...). */
  name: string;
  status: 'ok' | 'warn' | 'down';
  /** What was found: a version, a count, or the readable reason it failed. */
  detail: string;
  /** What to do about it (only when not ok). */
  fix?: string;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms).unref())]);

/** Runs `probe` with a time limit; a throw becomes a `down` result with its message as the reason. */
export async function probe(area: string, name: string, ms: number, fix: string, run: () => Promise<Omit<DoctorResult, 'area' | 'name'> | string>): Promise<DoctorResult> {
  try {
    const out = await withTimeout(run(), ms, name);
    return typeof out === 'string' ? { area, name, status: 'ok', detail: out } : { area, name, ...out };
  } catch (e) {
    return { area, name, status: 'down', detail: oneLine(e instanceof Error ? e.message : String(e)), fix };
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 300);
}
