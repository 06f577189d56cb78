import { Google } from 'arctic';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { VerifiedIdentity } from '../signedInUser';
import { exchangeForIdToken } from './exchangeCode';
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
  const google = new Google(o.clientId, o.clientSecret, o.redirectUri);
  const jwks = createRemoteJWKSet(new URL(GOOGLE_JWKS_URL));
  return {
    id: 'google',
    authorizationUrl(state, codeVerifier, nonce) {
      const url = google.createAuthorizationURL(state, codeVerifier, ['openid', 'email', 'profile']);
      url.searchParams.set('nonce', nonce);
      return url;
    },
    async identify(code, codeVerifier, nonce): Promise<VerifiedIdentity> {
      const idToken = await exchangeForIdToken(() => google.validateAuthorizationCode(code, codeVerifier));
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(idToken, jwks, { algorithms: ['RS256'], issuer: GOOGLE_ISSUERS, audience: o.clientId, requiredClaims: ['sub', 'exp'] }));
      } catch (e) {
        throw new SignInRefusal('id_token_invalid', e instanceof Error ? e.message : undefined);
      }
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
