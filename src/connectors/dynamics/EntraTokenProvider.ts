import crypto from 'node:crypto';
import type { $Fetch } from 'ofetch';
import { readCappedBody, ResponseTooLargeError } from '../../net/cappedBody';
import { ConnectorError } from '../../errors/ConnectorError';
import { logger } from '../../logging/logger';
import { errorFromNetworkFailure, errorFromTokenResponse } from './bcErrorMapping';

/**
 * App-only access tokens from Microsoft Entra ID (OAuth 2.0 client credentials, reference §1). The token is cached
 * until shortly before `expires_in` runs out, only one request for a new token is in flight at a time, and a
 * token the API refused (401) can be dropped so the next call fetches a fresh one. Client credentials get no
 * refresh token: "refresh" means requesting a new one.
 */
export interface TokenRequestSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  refreshMarginMs: number;
  timeoutMs: number;
}

interface CachedToken {
  value: string;
  /** When to stop using it (epoch ms): expiry minus the refresh margin. */
  renewAt: number;
}

export class EntraTokenProvider {
  private cached: CachedToken | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly settings: TokenRequestSettings,
    private readonly http: $Fetch,
  ) {}

  async getToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.value;
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Forget `token` if it is still the cached one (the API answered 401 with it). */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private async requestToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
      scope: this.settings.scope,
    });
    let response: Response;
    let text: string;
    const startedAt = Date.now();
    try {
      const raw = await this.http.raw<ReadableStream<Uint8Array>, 'stream'>(this.settings.tokenUrl, {
        method: 'POST',
        body: form.toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        responseType: 'stream',
        ignoreResponseError: true,
        retry: 0,
        timeout: this.settings.timeoutMs,
        // Never follow redirects: the client secret goes only to the token URL an admin registered.
        redirect: 'manual',
      });
      response = raw;
      if (raw.status >= 300 && raw.status < 400) {
        await raw._data?.cancel().catch(() => undefined);
        throw new ConnectorError({ system: 'dynamics', code: 'CONFIGURATION', status: raw.status, message: 'Entra ID token request: the server answered a redirect; redirects are not followed (setting tokenUrl)' });
      }
      text = (await readCappedBody(raw._data, MAX_TOKEN_RESPONSE_BYTES)).toString('utf8');
    } catch (err) {
      if (err instanceof ConnectorError) throw err;
      if (err instanceof ResponseTooLargeError) throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', message: `Entra ID token request: ${err.message}` });
      throw errorFromNetworkFailure(err, 'token request', this.settings.timeoutMs);
    }
    if (!response.ok) throw errorFromTokenResponse(response.status, response.headers, text);
    let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch (cause) {
      throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', message: 'Entra ID token response is not JSON', status: response.status, cause });
    }
    const expiresIn = Number(body.expires_in);
    if (typeof body.access_token !== 'string' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', message: 'Entra ID token response lacks access_token or expires_in', status: response.status });
    }
    const lifetimeMs = expiresIn * 1000;
    const margin = Math.min(this.settings.refreshMarginMs, lifetimeMs / 2);
    this.cached = { value: body.access_token, renewAt: startedAt + lifetimeMs - margin };
    logger.debug('dynamics: access token acquired', { clientId: this.settings.clientId, expiresInSeconds: expiresIn });
    return body.access_token;
  }
}

/** A token answer is a small JSON document. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

const providers = new Map<string, EntraTokenProvider>();

/** One token cache per (token URL, client id, secret, scope) in this process, shared by every source. */
export function tokenProviderFor(settings: TokenRequestSettings, http: $Fetch): EntraTokenProvider {
  const secretHash = crypto.createHash('sha256').update(settings.clientSecret).digest('hex');
  const key = [settings.tokenUrl, settings.clientId.toLowerCase(), secretHash, settings.scope].join('|');
  let provider = providers.get(key);
  if (!provider) {
    provider = new EntraTokenProvider(settings, http);
    providers.set(key, provider);
  }
  return provider;
}
