import type { Context } from 'hono';

/** A report route answers CSV for `format=csv`, or, without `format`, when Accept prefers text/csv. */
export function wantsCsv(c: Context, format: 'json' | 'csv' | undefined): boolean {
  return format === 'csv' || (!format && /^\s*text\/csv/i.test(c.req.header('accept') ?? ''));
}

/** A CSV body (already UTF-8 text with its BOM). */
export const csvBody = (c: Context, text: string) => c.body(text, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
