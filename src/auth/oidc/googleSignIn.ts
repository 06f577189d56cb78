import { Google } from 'arctic';
import { createRemoteJWKSet } from 'jose';
import type { VerifiedIdentity } from '../signedInUser';
import { oidcCodeFlow } from './oidcCodeFlow';
import type { SignInProvider } from './signInProvider';
import { SignInRefusal } from './signInRefusal';

const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export interface GoogleSignInOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Workspace domains allowed to sign in (lower case), checked against the verified `hd` claim and the email. */
  allowedDomains: string[];
}

/**
 * Google Workspace sign-in (arctic `Google`, PKCE + nonce). The ID token is verified against Google's JWKS
 * (RS256 only), issuer, audience, expiry and nonce; then: verified email, `hd` in the allow-list and the
 * email's own domain in the allow-list (a personal gmail account has no `hd`).
 */
export function googleSignIn(o: GoogleSignInOptions): SignInProvider {
  const flow = oidcCodeFlow(new Google(o.clientId, o.clientSecret, o.redirectUri), createRemoteJWKSet(new URL(GOOGLE_JWKS_URL)), o.clientId, {
    issuer: GOOGLE_ISSUERS,
    requiredClaims: ['sub', 'exp'],
  });
  return {
    id: 'google',
    authorizationUrl: flow.authorizationUrl,
    async identify(code, codeVerifier, nonce): Promise<VerifiedIdentity> {
      const claims = await flow.verifiedClaims(code, codeVerifier);
      if (claims.nonce !== nonce) throw new SignInRefusal('nonce_mismatch');
      const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : '';
      if (!email || (claims.email_verified !== true && claims.email_verified !== 'true')) throw new SignInRefusal('email_unverified');
      const hd = typeof claims.hd === 'string' ? claims.hd.toLowerCase() : '';
      const emailDomain = email.slice(email.lastIndexOf('@') + 1);
      if (!hd || !o.allowedDomains.includes(hd) || !o.allowedDomains.includes(emailDomain)) throw new SignInRefusal('domain_not_allowed');
      return { provider: 'google', subject: String(claims.sub), email, name: typeof claims.name === 'string' ? claims.name : null };
    },
  };
}
