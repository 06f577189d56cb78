import { ConnectorError } from '../../errors/ConnectorError';
import type { ErrorCode } from '../../errors/errorCodes';
import { parseRetryAfter } from './retryAfter';

/**
 * Turns what Business Central, its gateway or Entra ID answered into a ConnectorError (reference §1, §8, §9).
 * BC bodies look like `{"error":{"code":"Category_Detail","message":"…  CorrelationId:  <guid>."}}`; gateway
 * errors (502/503/504) may be HTML or empty, so the body is parsed defensively.
 */

export interface BcErrorBody {
  code?: string;
  message?: string;
}

export function parseBcErrorBody(text: string): BcErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (parsed && typeof parsed.error === 'object' && parsed.error) {
      return {
        code: typeof parsed.error.code === 'string' ? parsed.error.code : undefined,
        message: typeof parsed.error.message === 'string' ? parsed.error.message : undefined,
      };
    }
  } catch {
    // Not JSON (gateway HTML or empty body).
  }
  return {};
}

export function correlationIdOf(message: string | undefined): string | undefined {
  return message ? /CorrelationId:\s*([0-9a-fA-F-]{36})/.exec(message)?.[1] : undefined;
}

/** The property an OData "property named 'x'" message is about, if any. */
function propertyNamed(message: string | undefined): string | undefined {
  return message ? /propert(?:y|ies) named '([^']+)'/i.exec(message)?.[1] ?? /property '([^']+)'/i.exec(message)?.[1] : undefined;
}

function codeForStatus(status: number, body: BcErrorBody, retryAfterMs: number | undefined): ErrorCode {
  const remote = body.code ?? '';
  if (status === 401) return 'AUTHENTICATION';
  if (status === 403) return 'PERMISSION';
  if (status === 404) return 'NOT_FOUND';
  if (status === 405 || status === 501) return 'UNSUPPORTED';
  if (status === 408) return 'TIMEOUT';
  if (status === 409 || status === 412) return 'CONFLICT';
  if (status === 429) return 'THROTTLED';
  if (status === 503 && retryAfterMs !== undefined) return 'THROTTLED';
  if (status >= 500) return 'REMOTE_UNAVAILABLE';
  if (status === 400) {
    if (propertyNamed(body.message) || /ResourceNotFound|InvalidRequestUrl|incompatible types/i.test(`${remote} ${body.message ?? ''}`)) return 'SCHEMA_MISMATCH';
    return 'VALIDATION';
  }
  return 'PROTOCOL';
}

/** A non-2xx HTTP answer from the BC API. `what` says what we were doing ("GET items"). */
export function errorFromApiResponse(status: number, headers: Headers, bodyText: string, what: string): ConnectorError {
  const body = parseBcErrorBody(bodyText);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const code = codeForStatus(status, body, retryAfterMs);
  const field = code === 'SCHEMA_MISMATCH' ? propertyNamed(body.message) : undefined;
  const remote = body.code ? `${body.code}: ${body.message ?? ''}` : bodyText.trim() ? `non-JSON body (${bodyText.trim().slice(0, 80).replace(/\s+/g, ' ')}…)` : 'empty body';
  const hint =
    status === 401
      ? ' (the token was refused even after a refresh: check the app registration is enabled in BC\'s "Microsoft Entra applications" page)'
      : status === 403
        ? ' (the Entra app lacks a BC permission set that allows reading items)'
        : status === 504
          ? ' (the gateway gave up; smaller pages may help)'
          : field
            ? ` (Business Central does not know the field '${field}')`
            : '';
  return new ConnectorError({
    system: 'dynamics',
    code,
    status,
    message: `Business Central ${what} failed with HTTP ${status}: ${remote}${hint}`,
    remoteCode: body.code,
    remoteMessage: body.message,
    field,
    retryAfterMs: code === 'THROTTLED' || code === 'REMOTE_UNAVAILABLE' ? retryAfterMs : undefined,
  });
}

/** A request that got no HTTP answer: refused/reset connection, DNS failure, or our own timeout. */
export function errorFromNetworkFailure(err: unknown, what: string, timeoutMs: number): ConnectorError {
  const chain: string[] = [];
  let current: unknown = err;
  for (let i = 0; i < 5 && current; i++) {
    const e = current as { name?: string; code?: string; message?: string; cause?: unknown };
    chain.push(`${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`);
    current = e.cause;
  }
  const text = chain.join(' | ');
  const timedOut = /TimeoutError|aborted due to timeout|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ETIMEDOUT/i.test(text);
  return new ConnectorError({
    system: 'dynamics',
    code: timedOut ? 'TIMEOUT' : 'NETWORK',
    message: timedOut ? `Business Central ${what}: no answer within ${timeoutMs} ms` : `Business Central ${what}: connection failed (${text.replace(/\s+/g, ' ').trim().slice(0, 200)})`,
    cause: err,
  });
}

/** A failed Entra ID token request (`{"error":"invalid_client","error_description":"AADSTS7000215: …"}`). */
export function errorFromTokenResponse(status: number, headers: Headers, bodyText: string): ConnectorError {
  let error: string | undefined;
  let description: string | undefined;
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown; error_description?: unknown };
    error = typeof parsed.error === 'string' ? parsed.error : undefined;
    description = typeof parsed.error_description === 'string' ? parsed.error_description : undefined;
  } catch {
    // non-JSON
  }
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  let code: ErrorCode;
  if (status === 429) code = 'THROTTLED';
  else if (status >= 500) code = retryAfterMs !== undefined && status === 503 ? 'THROTTLED' : 'REMOTE_UNAVAILABLE';
  else if (error === 'invalid_client' || error === 'unauthorized_client' || status === 401) code = 'AUTHENTICATION';
  else if (error === 'invalid_scope' || error === 'invalid_resource' || error === 'invalid_request' || error === 'unsupported_grant_type') code = 'CONFIGURATION';
  else code = 'AUTHENTICATION';
  // The AADSTS line without the trace/correlation tail is what a user needs to read.
  const readable = description?.split(/\r?\n| Trace ID:/)[0];
  const hint =
    code === 'AUTHENTICATION'
      ? ' (check the client id and secret of the Entra app registration)'
      : code === 'CONFIGURATION'
        ? ' (check the tenant id and scope settings)'
        : '';
  return new ConnectorError({
    system: 'dynamics',
    code,
    status,
    message: `Entra ID token request failed with HTTP ${status}: ${error ?? 'error'}${readable ? ` – ${readable}` : ''}${hint}`,
    remoteCode: error,
    remoteMessage: description,
    retryAfterMs: code === 'THROTTLED' || code === 'REMOTE_UNAVAILABLE' ? retryAfterMs : undefined,
  });
}
