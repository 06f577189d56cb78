import { ofetch } from 'ofetch';
import { readCappedBody, ResponseTooLargeError } from '../../net/cappedBody';
import { ConnectorError } from '../../errors/ConnectorError';
import { observeExternalCall } from '../../observability/externalCall';
import { errorFromResponse, errorFromTransport } from './errorMapping';
import { adaptiveTimeoutFor, type AdaptiveTimeout } from './adaptiveTimeout';
import { sendRequest } from './keepAliveTransport';
import { RequestLimiter } from './requestLimiter';

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  /** Upper bound of a request's wait for an answer. */
  timeoutMs: number;
  /** When set, requests time out after a multiple of the shop's usual answer time, at least this (see adaptiveTimeout.ts). */
  minTimeoutMs?: number;
  maxConcurrency: number;
  maxRequestsPerSecond: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The raw answer (binary image downloads). */
  bytes: Buffer;
}

export interface RequestSpec {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api/`, e.g. `products/12`. */
  path: string;
  query?: Record<string, string>;
  /** XML text or a multipart form. */
  body?: string | FormData;
  /** Statuses returned instead of thrown (e.g. 404 for lookups). */
  allowStatus?: number[];
}

/** Largest answer read from a shop (a page of products with full display stays far below it). */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * The wire: Basic auth with the key as user, XML bodies, per-shop limits, a timeout per request, every failure
 * mapped to ConnectorError. Keep-alive agents shared by the process (keepAliveTransport.ts); multipart uploads use fetch.
 */
export class PrestaShopHttp {
  private readonly limiter: RequestLimiter;
  private readonly authHeader: string;
  private readonly apiRoot: string;
  private readonly timer: AdaptiveTimeout | null;
  /** The `PSWS-Version` header last seen (both 1.7.8 and 8.x send it to authenticated callers). */
  shopVersion: string | null = null;

  constructor(private readonly opts: HttpOptions) {
    if (opts.apiKey.length !== 32) {
      throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: 'PrestaShop webservice key must be 32 characters (setting apiKey)' });
    }
    this.limiter = new RequestLimiter(opts.maxConcurrency, opts.maxRequestsPerSecond);
    this.authHeader = `Basic ${Buffer.from(`${opts.apiKey}:`).toString('base64')}`;
    this.apiRoot = `${opts.baseUrl.replace(/\/+$/, '')}/api/`;
    this.timer = opts.minTimeoutMs !== undefined && opts.minTimeoutMs < opts.timeoutMs ? adaptiveTimeoutFor(this.apiRoot, opts.minTimeoutMs, opts.timeoutMs) : null;
  }

  url(path: string, query?: Record<string, string>): string {
    const qs = query ? new URLSearchParams(query).toString() : '';
    return `${this.apiRoot}${path}${qs ? `?${qs}` : ''}`;
  }

  /** One webservice call, counted and traced as `<METHOD> <resource>` (the resource, never ids or the query). */
  request(spec: RequestSpec): Promise<HttpAnswer> {
    return observeExternalCall('prestashop', `${spec.method} ${spec.path.split('/')[0]}`, () => this.exchange(spec));
  }

  private async exchange(spec: RequestSpec): Promise<HttpAnswer> {
    const what = `${spec.method} /api/${spec.path}`;
    const headers: Record<string, string> = { Authorization: this.authHeader };
    if (typeof spec.body === 'string') headers['Content-Type'] = 'application/xml';
    const answer = await this.limiter.run(async () => {
      const timeoutMs = this.timer?.current() ?? this.opts.timeoutMs;
      const startedAt = Date.now();
      try {
        if (typeof spec.body !== 'object') {
          const res = await sendRequest(this.url(spec.path, spec.query), { method: spec.method, headers, body: spec.body, timeoutMs, maxBytes: MAX_RESPONSE_BYTES });
          this.timer?.observe(Date.now() - startedAt);
          return { status: res.status, headers: res.headers, text: res.body.toString('utf8'), bytes: res.body };
        }
        // Multipart uploads (images) go through fetch, which builds the form.
        const res = await ofetch.raw<ReadableStream<Uint8Array>, 'stream'>(this.url(spec.path, spec.query), {
          method: spec.method,
          headers,
          body: spec.body,
          timeout: timeoutMs,
          retry: 0,
          responseType: 'stream',
          ignoreResponseError: true,
          // Never follow redirects: requests (and the key) go only to the URL an admin registered.
          redirect: 'manual',
        });
        const bytes = await readCappedBody(res._data, MAX_RESPONSE_BYTES);
        this.timer?.observe(Date.now() - startedAt);
        return { status: res.status, headers: res.headers, text: bytes.toString('utf8'), bytes };
      } catch (err) {
        if (err instanceof ResponseTooLargeError) {
          throw new ConnectorError({ system: 'prestashop', code: 'PROTOCOL', message: `PrestaShop ${what}: ${err.message}` });
        }
        const mapped = errorFromTransport(err, what, timeoutMs);
        if (mapped.code === 'TIMEOUT') this.timer?.timedOut();
        throw mapped;
      }
    });
    const version = answer.headers.get('psws-version');
    if (version) this.shopVersion = version;
    if (answer.status >= 300 && answer.status < 400) {
      throw new ConnectorError({
        system: 'prestashop',
        code: 'CONFIGURATION',
        status: answer.status,
        message: `PrestaShop ${what}: the shop answered a redirect to ${answer.headers.get('location') ?? '(no location)'}; redirects are not followed — register the shop's final base URL (setting baseUrl)`,
      });
    }
    if (answer.status >= 400 && !(spec.allowStatus ?? []).includes(answer.status)) {
      throw errorFromResponse(answer.status, answer.text, answer.headers, what);
    }
    return answer;
  }

  /** GET/POST/... with `output_format=JSON`, parsed (leading PHP notices before the document are skipped). */
  async json(spec: RequestSpec): Promise<{ status: number; data: unknown; headers: Headers }> {
    const answer = await this.request({ ...spec, query: { ...spec.query, output_format: 'JSON' } });
    const text = answer.text;
    if (text.trim() === '') return { status: answer.status, data: null, headers: answer.headers };
    const start = text.search(/[[{]/);
    try {
      return { status: answer.status, data: JSON.parse(start > 0 ? text.slice(start) : text), headers: answer.headers };
    } catch (cause) {
      throw new ConnectorError({ system: 'prestashop', code: 'PROTOCOL', status: answer.status, message: `PrestaShop ${spec.method} /api/${spec.path}: answer is not JSON (${text.slice(0, 120)})`, cause });
    }
  }
}
