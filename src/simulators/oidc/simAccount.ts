/**
 * An account the simulated provider can sign in. `loginHint` is what the test "browser" sends as
 * `login_hint` to pick it on the authorize page. Claims are emitted as given (so tests can omit or falsify
 * `email_verified`, `hd`, `xms_edov`, ...).
 */
export interface SimAccount {
  loginHint: string;
  sub: string;
  email?: string;
  name?: string;
  /** Google: `email_verified`, `hd`. Microsoft: `tid`, `oid`, `xms_edov`, `preferred_username`. Any others. */
  claims?: Record<string, unknown>;
}

/** A registered OAuth client (confidential). */
export interface SimClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}
