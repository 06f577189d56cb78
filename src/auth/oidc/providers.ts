import type { Config } from '../../config/env';
import { entraSignIn } from './entraSignIn';
import { googleSignIn } from './googleSignIn';
import type { SignInProvider } from './signInProvider';

/** The sign-in providers configured in `config`, keyed by their URL name (`google`, `microsoft`). */
export function configuredProviders(config: Config, apiBaseUrl: string): Map<string, SignInProvider> {
  const out = new Map<string, SignInProvider>();
  const callback = (p: string) => `${apiBaseUrl}/api/v1/auth/${p}/callback`;
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) {
    out.set('google', googleSignIn({ clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET, redirectUri: callback('google'), allowedDomains: config.ALLOWED_GOOGLE_DOMAINS }));
  }
  if (config.ENTRA_CLIENT_ID && config.ENTRA_CLIENT_SECRET) {
    out.set(
      'microsoft',
      entraSignIn({
        tenant: config.ENTRA_TENANT,
        clientId: config.ENTRA_CLIENT_ID,
        clientSecret: config.ENTRA_CLIENT_SECRET,
        redirectUri: callback('microsoft'),
        allowedTenants: config.ALLOWED_ENTRA_TENANTS,
      }),
    );
  }
  return out;
}
