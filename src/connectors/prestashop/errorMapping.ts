import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../../errors/ConnectorError';
import type { ErrorCode } from '../../errors/errorCodes';

export interface ShopErrorEntry {
  code?: number;
  message: string;
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'error' });

/** The shop's error document (`{"errors":[...]}` or `<errors><error>...`), or [] when the body is not one. */
export function parseShopErrors(body: string): ShopErrorEntry[] {
  const text = body.trim();
  try {
    if (text.startsWith('{')) {
      const doc = JSON.parse(text) as { errors?: Array<{ code?: unknown; message?: unknown }> };
      return (doc.errors ?? []).map((e) => ({ code: e.code === undefined ? undefined : Number(e.code), message: String(e.message ?? '') }));
    }
    const start = text.indexOf('<');
    if (start >= 0) {
      const doc = xml.parse(text.slice(start)) as { prestashop?: { errors?: { error?: Array<{ code?: unknown; message?: unknown }> } } };
      return (doc.prestashop?.errors?.error ?? []).map((e) => ({ code: e.code === undefined || e.code === '' ? undefined : Number(e.code), message: String(e.message ?? '') }));
    }
  } catch {
    // not an error document: a proxy page, PHP output, ...
  }
  return [];
}

/** The field a validation message is about (`Property Product->ean13 ...`, `parameter "price" required`). */
export function fieldFromMessage(message: string): string | undefined {
  return (
    message.match(/property \w+->(\w+)/i)?.[1] ??
    message.match(/parameter "(\w+)"/i)?.[1] ??
    message.match(/association "(\w+)"/i)?.[1] ??
    (/position/i.test(message) && /category/i.test(message) ? 'position_in_category' : undefined)
  );
}

/** Retry-After as seconds or an HTTP date, in ms. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Business failures PrestaShop reports with HTTP 500: retrying the same body cannot help (reference §5.3, §8):
 * 46 `Unable to save resource` (the shop refused the write: add()/update() returned false), 85 an association
 * setter refused, 127 unparsable XML, 133 stock depends on stock, 134/135 position_in_category. Only other
 * 5xx (PHP errors 2–15, proxies, empty bodies) are outages worth retrying.
 */
const PERMANENT_500_CODES = new Set([46, 85, 127, 133, 134, 135]);

function codeFor(status: number, remote: number | undefined, retryAfter: number | undefined): ErrorCode {
  if (status === 429) return 'THROTTLED';
  if (status === 503) return retryAfter !== undefined ? 'THROTTLED' : 'REMOTE_UNAVAILABLE';
  if (status >= 500) {
    if (remote === 127) return 'PROTOCOL';
    if (remote !== undefined && PERMANENT_500_CODES.has(remote)) return 'VALIDATION';
    return 'REMOTE_UNAVAILABLE';
  }
  switch (status) {
    case 400:
      return 'VALIDATION';
    case 401:
      // 26: the key is valid but lacks the resource — a permission the merchant must grant.
      return remote === 26 ? 'PERMISSION' : 'AUTHENTICATION';
    case 403:
      return 'PERMISSION';
    case 404:
      return 'NOT_FOUND';
    case 405:
      // 25: the key lacks the method (e.g. PATCH not ticked after an upgrade); 23/101: the shop cannot do it.
      return remote === 25 ? 'PERMISSION' : 'UNSUPPORTED';
    case 413:
      return 'VALIDATION';
    default:
      return 'PROTOCOL';
  }
}

/** Turns a non-2xx answer into the one error type connectors throw. */
export function errorFromResponse(status: number, body: string, headers: Headers, what: string): ConnectorError {
  const entries = parseShopErrors(body);
  const primary = entries.find((e) => e.code !== 46) ?? entries[entries.length - 1];
  const retryAfter = status === 429 || status === 503 ? retryAfterMs(headers.get('retry-after')) : undefined;
  const code = codeFor(status, primary?.code, retryAfter);
  const detail = primary ? `code ${primary.code ?? '?'}: ${primary.message}` : status === 404 ? 'not found' : body.trim().slice(0, 200) || 'empty body';
  return new ConnectorError({
    system: 'prestashop',
    code,
    status,
    message: `PrestaShop ${what} failed with HTTP ${status} (${detail})`,
    remoteCode: primary?.code,
    remoteMessage: primary?.message,
    field: primary && code === 'VALIDATION' ? fieldFromMessage(primary.message) : undefined,
    retryAfterMs: retryAfter,
  });
}

/** A request that got no answer: timeout or network failure (both worth retrying). */
export function errorFromTransport(err: unknown, what: string, timeoutMs: number): ConnectorError {
  const e = err as { name?: string; cause?: { name?: string; code?: string; cause?: { code?: string } } };
  const timedOut = e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || e?.cause?.name === 'AbortError';
  if (timedOut) {
    return new ConnectorError({ system: 'prestashop', code: 'TIMEOUT', message: `PrestaShop ${what}: no answer within ${timeoutMs} ms`, cause: err });
  }
  const sysCode = e?.cause?.code ?? e?.cause?.cause?.code;
  return new ConnectorError({ system: 'prestashop', code: 'NETWORK', message: `PrestaShop ${what}: network failure${sysCode ? ` (${sysCode})` : ''}`, cause: err });
}
