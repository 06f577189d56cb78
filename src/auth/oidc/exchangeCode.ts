import { ArcticFetchError, OAuth2RequestError, type OAuth2Tokens } from 'arctic';
import { SignInRefusal } from './signInRefusal';

/** Runs an arctic code exchange and returns the ID token, mapping failures to refusals. */
export async function exchangeForIdToken(exchange: () => Promise<OAuth2Tokens>): Promise<string> {
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
