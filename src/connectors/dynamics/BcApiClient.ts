import type { $Fetch } from 'ofetch';
import { ConnectorError } from '../../errors/ConnectorError';
import { logger } from '../../logging/logger';
import { readCappedBody, ResponseTooLargeError } from '../../net/cappedBody';
import { correlationIdOf, errorFromApiResponse, errorFromNetworkFailure, parseBcErrorBody } from './bcErrorMapping';
import type { ConcurrencyLimiter } from './concurrencyLimiter';
import type { EntraTokenProvider } from './EntraTokenProvider';
import { observeExternalCall } from '../../observability/externalCall';

/**
 * Authenticated GETs against one BC environment root (`…/v2.0/{tenant}/{environment}/api/v2.0`): bearer token,
 * `Data-Access-Intent: ReadOnly`, at most N in flight, one token refresh and retry on 401, every failure as a
 * ConnectorError. Links the server hands out (`@odata.nextLink`, media read links) are followed only when they
 * point at the configured API origin, so the token never leaves for another host.
 */
/** Largest API answer read (a page of 20,000 items or a picture fits well below it). */
const MAX_API_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface BcResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export class BcApiClient {
  private readonly origin: string;

  constructor(
    readonly root: string,
    private readonly http: $Fetch,
    private readonly tokens: EntraTokenProvider,
    private readonly limiter: ConcurrencyLimiter,
    private readonly timeoutMs: number,
  ) {
    this.origin = new URL(root).origin;
  }

  /** `pathOrUrl`: relative to the environment root ("companies(…)/items?…") or an absolute link from the server. */
  resolve(pathOrUrl: string): string {
    if (!/^https?:\/\//i.test(pathOrUrl)) return `${this.root}/${pathOrUrl.replace(/^\/+/, '')}`;
    if (new URL(pathOrUrl).origin !== this.origin) {
      throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', message: `Business Central returned a link to another host (${new URL(pathOrUrl).origin}); refusing to send the token there` });
    }
    return pathOrUrl;
  }

  async getJson<T>(pathOrUrl: string, what: string, prefer?: string): Promise<BcResponse<T>> {
    const res = await this.send(pathOrUrl, what, 'application/json', prefer);
    const text = res.body.toString('utf8');
    try {
      return { status: res.status, headers: res.headers, body: JSON.parse(text) as T };
    } catch (cause) {
      throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', status: res.status, message: `Business Central ${what} answered something that is not JSON`, cause });
    }
  }

  async getBytes(pathOrUrl: string, what: string): Promise<BcResponse<Buffer>> {
    return this.send(pathOrUrl, what, '*/*');
  }

  /** Counted and traced as `GET json` or `GET bytes` (pictures): the URL holds company and item ids. */
  private send(pathOrUrl: string, what: string, accept: string, prefer?: string): Promise<BcResponse<Buffer>> {
    return observeExternalCall('dynamics', accept === 'application/json' ? 'GET json' : 'GET bytes', () => this.exchange(pathOrUrl, what, accept, prefer));
  }

  private async exchange(pathOrUrl: string, what: string, accept: string, prefer?: string): Promise<BcResponse<Buffer>> {
    const url = this.resolve(pathOrUrl);
    return this.limiter.run(async () => {
      let token = await this.tokens.getToken();
      let res = await this.once(url, token, what, accept, prefer);
      if (res.status === 401) {
        this.tokens.invalidate(token);
        token = await this.tokens.getToken();
        res = await this.once(url, token, what, accept, prefer);
      }
      if (res.status >= 400) {
        const text = res.body.toString('utf8');
        const err = errorFromApiResponse(res.status, res.headers, text, what);
        logger.warn('dynamics: request failed', { what, status: res.status, code: err.code, remoteCode: err.remoteCode, correlationId: correlationIdOf(parseBcErrorBody(text).message) });
        throw err;
      }
      return res;
    });
  }

  private async once(url: string, token: string, what: string, accept: string, prefer?: string): Promise<BcResponse<Buffer>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: accept, 'Data-Access-Intent': 'ReadOnly' };
    if (prefer) headers.Prefer = prefer;
    try {
      const response = await this.http.raw<ReadableStream<Uint8Array>, 'stream'>(url, {
        method: 'GET',
        headers,
        responseType: 'stream',
        ignoreResponseError: true,
        retry: 0,
        timeout: this.timeoutMs,
        // Never follow redirects: the bearer token goes only to the API URL an admin registered.
        redirect: 'manual',
      });
      if (response.status >= 300 && response.status < 400) {
        await response._data?.cancel().catch(() => undefined);
        throw new ConnectorError({
          system: 'dynamics',
          code: 'CONFIGURATION',
          status: response.status,
          message: `Business Central ${what}: the server answered a redirect; redirects are not followed (setting apiBaseUrl)`,
        });
      }
      const body = await readCappedBody(response._data, MAX_API_RESPONSE_BYTES);
      return { status: response.status, headers: response.headers, body };
    } catch (err) {
      if (err instanceof ConnectorError) throw err;
      if (err instanceof ResponseTooLargeError) throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', message: `Business Central ${what}: ${err.message}` });
      throw errorFromNetworkFailure(err, what, this.timeoutMs);
    }
  }
}
