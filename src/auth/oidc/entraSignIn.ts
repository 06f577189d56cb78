import { MicrosoftEntraId } from 'arctic';
import { createRemoteJWKSet } from 'jose';
import type { VerifiedIdentity } from '../signedInUser';
import { oidcCodeFlow } from './oidcCodeFlow';
import type { SignInProvider } from './signInProvider';
import { SignInRefusal } from './signInRefusal';

const LOGIN_HOST = 'https://login.microsoftonline.com';

export interface EntraSignInOptions {
  /** A tenant id, or `organizations` for any work account (the allow-list still decides). */
  tenant: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Tenant ids (lower case) whose users may sign in. */
  allowedTenants: string[];
}

function isTrue(v: unknown): boolean {
  return v === true || v === 1 || v === 'true' || v === '1';
}

/**
 * Microsoft Entra ID sign-in (arctic `MicrosoftEntraId`, PKCE + nonce). The ID token is verified against the
 * tenant's JWKS (RS256 only), audience, expiry and nonce; the issuer must be the v2.0 issuer of the token's own
 * `tid`, and that tenant must be allow-listed (and equal ENTRA_TENANT when that is a single tenant).
 *
 * Verified email: Entra's `email` claim is not verified by itself. We accept it only with the optional claim
 * `xms_edov` (email domain owner verified) set true — enable it in the app registration's token configuration.
 * UNCONFIRMED how every tenant emits `xms_edov`; the safe behaviour is to refuse without it.
 */
export function entraSignIn(o: EntraSignInOptions): SignInProvider {
  const jwks = createRemoteJWKSet(new URL(`${LOGIN_HOST}/${encodeURIComponent(o.tenant)}/discovery/v2.0/keys`));
  const flow = oidcCodeFlow(new MicrosoftEntraId(o.tenant, o.clientId, o.clientSecret, o.redirectUri), jwks, o.clientId, { requiredClaims: ['sub', 'exp', 'iss', 'tid'] });
  const singleTenant = !['organizations', 'common', 'consumers'].includes(o.tenant.toLowerCase());
  return {
    id: 'microsoft',
    authorizationUrl: flow.authorizationUrl,
    async identify(code, codeVerifier, nonce): Promise<VerifiedIdentity> {
      const claims = await flow.verifiedClaims(code, codeVerifier);
      const tid = String(claims.tid).toLowerCase();
      if (claims.iss !== `${LOGIN_HOST}/${claims.tid}/v2.0`) throw new SignInRefusal('id_token_invalid', 'issuer does not match the tenant');
      if (claims.nonce !== nonce) throw new SignInRefusal('nonce_mismatch');
      if (!o.allowedTenants.includes(tid) || (singleTenant && tid !== o.tenant.toLowerCase())) throw new SignInRefusal('tenant_not_allowed');
      const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : '';
      if (!email || !isTrue(claims.xms_edov)) throw new SignInRefusal('email_unverified');
      return { provider: 'microsoft', subject: `${tid}:${String(claims.oid ?? claims.sub)}`, email, name: typeof claims.name === 'string' ? claims.name : null };
    },
  };
}
