import { ConnectorError } from '../../errors/ConnectorError';
import type { LangId } from './types';

/** One entity as the webservice's JSON gives it: loose, string-typed, keys possibly missing (8.x). */
export type RawEntity = Record<string, unknown>;

/**
 * Entities of a JSON answer whatever its shape: bare `[]` (empty list), `{"products":[...]}` (list, or detail
 * with `display`), `{"product":{...}}` (detail, write answers) or nothing at all.
 */
export function entitiesOf(data: unknown, plural: string, singular: string): RawEntity[] {
  if (data === null || data === undefined || data === '') return [];
  if (Array.isArray(data)) {
    if (data.length === 0) return [];
    throw new ConnectorError({ system: 'prestashop', code: 'PROTOCOL', message: `PrestaShop answered a bare array where ${plural} were expected` });
  }
  const obj = data as Record<string, unknown>;
  const many = obj[plural];
  if (Array.isArray(many)) return many as RawEntity[];
  if (many && typeof many === 'object') return [many as RawEntity];
  const one = obj[singular];
  if (one && typeof one === 'object') return [one as RawEntity];
  if (Array.isArray(one)) return one as RawEntity[];
  throw new ConnectorError({ system: 'prestashop', code: 'PROTOCOL', message: `PrestaShop answer has neither "${plural}" nor "${singular}"` });
}

/** Missing keys (8.x drops falsy fields) read as empty. */
export function str(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  return typeof v === 'string' ? v : String(v);
}

export function int(v: unknown): number {
  const n = Number.parseInt(str(v), 10);
  return Number.isNaN(n) ? 0 : n;
}

export function bool(v: unknown): boolean {
  const s = str(v);
  return s !== '' && s !== '0' && s !== 'false';
}

/** "12.500000" → "12.5", "10.000000" → "10", "" → "0". */
export function decimal(v: unknown): string {
  const s = str(v).trim();
  if (s === '') return '0';
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [whole, frac = ''] = s.split('.');
  const f = frac.replace(/0+$/, '');
  const w = whole.replace(/^(-?)0+(?=\d)/, '$1');
  return f ? `${w}.${f}` : w === '-0' ? '0' : w;
}

/**
 * Multilingual value: `[{"id":"1","value":"..."}]` with several output languages, a plain string with exactly
 * one (that language is `singleLangId`), missing when empty on 8.x.
 */
export function multilang(v: unknown, singleLangId: LangId): Record<LangId, string> {
  if (v === undefined || v === null || v === '') return {};
  if (typeof v === 'string') return { [singleLangId]: v };
  if (Array.isArray(v)) {
    const out: Record<LangId, string> = {};
    for (const item of v as Array<{ id?: unknown; value?: unknown }>) out[int(item.id)] = str(item.value);
    return out;
  }
  if (typeof v === 'object') {
    const lang = (v as { language?: unknown }).language;
    if (lang !== undefined) return multilang(lang, singleLangId);
  }
  return {};
}

/** An association's items (missing when empty). */
export function associationItems(e: RawEntity, name: string): RawEntity[] {
  const assoc = e.associations as Record<string, unknown> | undefined;
  const items = assoc?.[name];
  return Array.isArray(items) ? (items as RawEntity[]) : [];
}
