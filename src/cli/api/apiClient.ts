import { CliError, EXIT } from '../cliError';

/** The API's error envelope (src/api/errorSchema.ts). */
interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A refusal with the API's own code and message (4xx/5xx other than 401/403). */
export class ApiRequestError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message, EXIT.usage);
    this.name = 'ApiRequestError';
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A thin HTTP client of a running PPM Sync API (`/api/v1`) for the CLI: bearer token, JSON in and out, and
 * every failure turned into one sentence a person can act on (unreachable, 401, 403, the API's own message).
 */
export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string | undefined,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path).then((r) => r.body);
  }

  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const url = `${this.baseUrl}/api/v1${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw new CliError(`Cannot reach the PPM Sync API at ${this.baseUrl} (${cause}); is it running? Set --api-url or PPM_API_URL.`, EXIT.unreachable);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (res.ok) return { status: res.status, body: parsed as T, headers: res.headers };
    const err = (parsed as ErrorEnvelope | null)?.error;
    const said = err?.message ? `: ${err.message}` : '';
    if (res.status === 401) {
      throw new CliError(
        this.token ? `The API refused the token (401${said}); it may be expired or revoked. Pass a valid one with --token or PPM_TOKEN.` : 'The API needs a token: pass --token or set PPM_TOKEN (create one with `ppm token create`).',
        EXIT.auth,
      );
    }
    if (res.status === 403) throw new CliError(`Not allowed (403${said}).`, EXIT.auth);
    const details = err?.details ? ` ${JSON.stringify(err.details)}` : '';
    throw new ApiRequestError(res.status, err?.code ?? `HTTP_${res.status}`, `${method} ${path} failed with ${res.status} ${err?.code ?? res.statusText}${said}${details}`);
  }
}
