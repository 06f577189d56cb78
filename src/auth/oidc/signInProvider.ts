import type { VerifiedIdentity } from '../signedInUser';

/** One OIDC sign-in provider: the redirect to it, then the code exchange and ID-token checks. */
export interface SignInProvider {
  readonly id: 'google' | 'microsoft';
  authorizationUrl(state: string, codeVerifier: string, nonce: string): URL;
  /** Exchanges the code (PKCE) and verifies the ID token; throws SignInRefusal. */
  identify(code: string, codeVerifier: string, nonce: string): Promise<VerifiedIdentity>;
}
