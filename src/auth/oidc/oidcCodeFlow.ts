import { ArcticFetchError, OAuth2RequestError, type OAuth2Tokens } from 'arctic';
import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { SignInRefusal } from './signInRefusal';

/** An arctic OAuth 2.0 client with PKCE (`Google`, `MicrosoftEntraId`). */
interface PkceClient {
  createAuthorizationURL(state: string, codeVerifier: string, scopes: string[]): URL;
  validateAuthorizationCode(code: string, codeVerifier: string): Promise<OAuth2Tokens>;
}

/**
 * The part of an OIDC sign-in every provider shares: the redirect (scopes openid, email, profile, and the nonce
 * the ID token must carry back), and the code exchange whose ID token is verified against the provider's JWKS
 * (RS256 only), the audience (our client id) and the provider's issuer and required claims. Every failure is a
 * SignInRefusal; the provider then checks the nonce and its own claims.
 */
export function oidcCodeFlow(client: PkceClient, jwks: JWTVerifyGetKey, audience: string, verify: { issuer?: string[]; requiredClaims: string[] }) {
  return {
    authorizationUrl(state: string, codeVerifier: string, nonce: string): URL {
      const url = client.createAuthorizationURL(state, codeVerifier, ['openid', 'email', 'profile']);
      url.searchParams.set('nonce', nonce);
      return url;
    },
    async verifiedClaims(code: string, codeVerifier: string): Promise<JWTPayload> {
      const idToken = await exchangeForIdToken(() => client.validateAuthorizationCode(code, codeVerifier));
      try {
        return (await jwtVerify(idToken, jwks, { algorithms: ['RS256'], audience, ...verify })).payload;
      } catch (e) {
        throw new SignInRefusal('id_token_invalid', e instanceof Error ? e.message : undefined);
      }
    },
  };
}

/** Runs an arctic code exchange and returns the ID token, mapping failures to refusals. */
async function exchangeForIdToken(exchange: () => Promise<OAuth2Tokens>): Promise<string> {
  let tokens: OAuth2Tokens;
  try {
    tokens = await exchange();
  } catch (e) {
    if (e instanceof OAuth2RequestError) throw new SignInRefusal('code_rejected', e.code);
    if (e instanceof ArcticFetchError) throw new SignInRefusal('provider_unreachable');
    throw new SignInRefusal('code_rejected', e instanceof Error ? e.message : undefined);
  }
  try {
    return tokens.idToken();
  } catch {
    throw new SignInRefusal('id_token_invalid', 'no id_token in the token response');
  }
}
