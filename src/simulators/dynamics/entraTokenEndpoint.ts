import crypto from 'node:crypto';
import { SignJWT, generateKeyPair, jwtVerify, type CryptoKey } from 'jose';

/**
 * The Microsoft Entra ID v2.0 token endpoint, client-credentials grant only (reference §1):
 * `POST /{tenant}/oauth2/v2.0/token` with a form body (or the secret in HTTP Basic). Issues RS256-signed JWTs
 * for the Business Central audience and answers failures with AADSTS-style error bodies.
 */

export const BC_RESOURCE = 'https://api.businesscentral.dynamics.com';

export interface EntraApp {
  tenantId: string;
  /** A verified domain that also names the tenant (optional). */
  tenantDomain?: string;
  clientId: string;
  clientSecret: string;
}

export interface TokenResult {
  status: number;
  body: Record<string, unknown>;
}

export interface VerifiedToken {
  tenantId: string;
  appId: string;
}

function aadError(status: number, error: string, code: number, description: string): TokenResult {
  const traceId = crypto.randomUUID();
  const correlationId = crypto.randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export class EntraTokenIssuer {
  private keys?: { privateKey: CryptoKey; publicKey: CryptoKey };
  /** Tokens issued before the last `revokeAll()` are rejected by the API (simulates a 401 mid-run). */
  private generation = 0;
  tokenLifetimeSeconds = 3599;

  constructor(private readonly app: EntraApp) {}

  private async keyPair() {
    this.keys ??= await generateKeyPair('RS256');
    return this.keys;
  }

  revokeAll(): void {
    this.generation++;
  }

  private knowsTenant(tenant: string): boolean {
    const t = tenant.toLowerCase();
    return t === this.app.tenantId.toLowerCase() || (this.app.tenantDomain !== undefined && t === this.app.tenantDomain.toLowerCase());
  }

  /** Handles one token request: `tenant` from the path, the form fields and the Authorization header. */
  async handle(tenant: string, form: URLSearchParams, authorization: string | undefined): Promise<TokenResult> {
    if (!this.knowsTenant(tenant)) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    let clientId = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, sep));
      secret = decodeURIComponent(decoded.slice(sep + 1));
    }
    const grant = form.get('grant_type');
    if (!grant) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    if (grant !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (!clientId) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId.toLowerCase() !== this.app.clientId.toLowerCase()) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (!secret) return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    const a = Buffer.from(secret);
    const b = Buffer.from(this.app.clientSecret);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.app.clientId}'.`,
      );
    }
    const scope = form.get('scope');
    if (!scope) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
    if (scope.trim().split(/\s+/).length !== 1 || !scope.endsWith('/.default')) {
      return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    const resource = scope.slice(0, -'/.default'.length).replace(/\/$/, '');
    if (resource.toLowerCase() !== BC_RESOURCE) {
      return aadError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}.`);
    }
    const { privateKey } = await this.keyPair();
    const lifetime = this.tokenLifetimeSeconds;
    const token = await new SignJWT({ tid: this.app.tenantId, appid: this.app.clientId, roles: ['API.ReadWrite.All'], idtyp: 'app', sim_gen: this.generation })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(`https://sts.windows.net/${this.app.tenantId}/`)
      .setAudience(BC_RESOURCE)
      .setSubject(crypto.randomUUID())
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)
      .sign(privateKey);
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token } };
  }

  /** Verifies a bearer token for the API; null when missing, badly signed, expired, revoked or for another audience. */
  async verify(authorization: string | undefined): Promise<VerifiedToken | null> {
    if (!authorization?.startsWith('Bearer ')) return null;
    try {
      const { publicKey } = await this.keyPair();
      const { payload } = await jwtVerify(authorization.slice(7), publicKey, { audience: BC_RESOURCE, issuer: `https://sts.windows.net/${this.app.tenantId}/` });
      if (payload.sim_gen !== this.generation) return null;
      return { tenantId: String(payload.tid), appId: String(payload.appid) };
    } catch {
      return null;
    }
  }
}
