/**
 * The one error taxonomy of PPM Sync (see DESIGN.md "Errors"). Every connector reports failures with one of
 * these codes; whether a code is worth retrying is decided here and nowhere else.
 */
export const RETRYABLE_CODES = [
  'NETWORK', // connection refused/reset, DNS, socket closed
  'TIMEOUT', // no answer in time
  'REMOTE_UNAVAILABLE', // 5xx, 503, a broken shop or ERP
  'THROTTLED', // 429 (or 503 with Retry-After): retry after `retryAfterMs`
  'DEADLOCK', // SQL Server deadlock victim (1205), lock timeout
] as const;

export const PERMANENT_CODES = [
  'VALIDATION', // the remote system rejected the data (field + remote message)
  'AUTHENTICATION', // bad key, login failed, bad client secret
  'PERMISSION', // authenticated but not allowed (resource/method)
  'NOT_FOUND', // where that is final (e.g. update of a product that does not exist)
  'CONFLICT', // optimistic concurrency (ETag) or uniqueness conflict that a blind retry cannot fix
  'UNSUPPORTED', // method/feature not available on this remote version (405, PATCH on 1.7)
  'CONFIGURATION', // our setting is wrong (names the setting)
  'SCHEMA_MISMATCH', // the remote schema is not what we expect (names the table/column/field)
  'PROTOCOL', // the remote answered something we cannot parse
] as const;

export type RetryableCode = (typeof RETRYABLE_CODES)[number];
export type PermanentCode = (typeof PERMANENT_CODES)[number];
export type ErrorCode = RetryableCode | PermanentCode;

export function isRetryableCode(code: ErrorCode): boolean {
  return (RETRYABLE_CODES as readonly string[]).includes(code);
}

/** Temporal ApplicationFailure `type`s that must never be retried: one per permanent code. */
export const NON_RETRYABLE_FAILURE_TYPES: string[] = PERMANENT_CODES.map((c) => `ppm.${c}`);

export function failureTypeFor(code: ErrorCode): string {
  return `ppm.${code}`;
}
