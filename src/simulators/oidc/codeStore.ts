import crypto from 'node:crypto';
import type { SimAccount } from './simAccount';

/** An authorization code as the provider remembers it: single use, short-lived, bound to client and PKCE. */
export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  tenant: string | undefined;
  account: SimAccount;
  expiresAt: number;
  used: boolean;
}

export class CodeStore {
  private readonly codes = new Map<string, IssuedCode>();

  issue(entry: Omit<IssuedCode, 'used' | 'expiresAt'>, ttlSeconds = 120): string {
    const code = crypto.randomBytes(24).toString('base64url');
    this.codes.set(code, { ...entry, used: false, expiresAt: Date.now() + ttlSeconds * 1000 });
    return code;
  }

  /** The code's record if it exists; marks it used (a second redemption sees `used: true`). */
  redeem(code: string): (IssuedCode & { wasUsed: boolean }) | null {
    const entry = this.codes.get(code);
    if (!entry) return null;
    const wasUsed = entry.used;
    entry.used = true;
    return { ...entry, wasUsed };
  }
}
