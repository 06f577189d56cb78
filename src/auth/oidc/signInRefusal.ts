/**
 * Why a sign-in was refused. The callback redirects to the frontend with `?error=<code>`; never a stack trace.
 */
export type RefusalCode =
  | 'provider_not_configured'
  | 'flow_missing'
  | 'state_mismatch'
  | 'provider_denied'
  | 'code_rejected'
  | 'provider_unreachable'
  | 'id_token_invalid'
  | 'nonce_mismatch'
  | 'email_unverified'
  | 'domain_not_allowed'
  | 'tenant_not_allowed'
  | 'user_deactivated';

export class SignInRefusal extends Error {
  constructor(readonly code: RefusalCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SignInRefusal';
  }
}
