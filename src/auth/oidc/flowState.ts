import crypto from 'node:crypto';

/**
 * What the browser carries between /login and /callback, in a signed, httpOnly, SameSite=Lax cookie that
 * lives 10 minutes: the provider, the `state`, the PKCE code verifier and the nonce.
 */
export interface FlowState {
  provider: string;
  state: string;
  codeVerifier: string;
  nonce: string;
  expiresAt: number;
}

export const FLOW_TTL_SECONDS = 600;

export function newFlowState(provider: string): FlowState {
  const rnd = () => crypto.randomBytes(32).toString('base64url');
  return { provider, state: rnd(), codeVerifier: rnd(), nonce: rnd(), expiresAt: Date.now() + FLOW_TTL_SECONDS * 1000 };
}

export function encodeFlowState(f: FlowState): string {
  return Buffer.from(JSON.stringify(f), 'utf8').toString('base64url');
}

/** Null when malformed or expired (the cookie signature is checked by the caller). */
export function decodeFlowState(raw: string): FlowState | null {
  try {
    const f = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as FlowState;
    if (typeof f.state !== 'string' || typeof f.codeVerifier !== 'string' || typeof f.nonce !== 'string') return null;
    if (typeof f.expiresAt !== 'number' || f.expiresAt < Date.now()) return null;
    return f;
  } catch {
    return null;
  }
}

/** Constant-time comparison of the returned `state` with the one we issued. */
export function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
