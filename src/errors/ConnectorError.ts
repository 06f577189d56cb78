import { type ErrorCode, isRetryableCode } from './errorCodes';

export type ExternalSystem = 'prestashop' | 'subiekt' | 'dynamics' | 'oidc';

export interface ConnectorErrorOptions {
  system: ExternalSystem;
  code: ErrorCode;
  message: string;
  /** HTTP status, SQL Server error number, ... */
  status?: number;
  /** The remote system's own error code and message, verbatim. */
  remoteCode?: string | number;
  remoteMessage?: string;
  /** The remote field a validation error is about. */
  field?: string;
  /** For THROTTLED: how long the remote asked us to wait. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failure talking to an external system. Connectors throw only this (never raw driver errors), so every
 * caller can ask one question: `retryable`?
 */
export class ConnectorError extends Error {
  readonly system: ExternalSystem;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly remoteCode?: string | number;
  readonly remoteMessage?: string;
  readonly field?: string;
  readonly retryAfterMs?: number;

  constructor(opts: ConnectorErrorOptions) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ConnectorError';
    this.system = opts.system;
    this.code = opts.code;
    this.retryable = isRetryableCode(opts.code);
    this.status = opts.status;
    this.remoteCode = opts.remoteCode;
    this.remoteMessage = opts.remoteMessage;
    this.field = opts.field;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** A plain, log- and payload-safe description (no cause chain, no secrets). */
  toJSON(): Record<string, unknown> {
    return {
      system: this.system,
      code: this.code,
      retryable: this.retryable,
      message: this.message,
      status: this.status,
      remoteCode: this.remoteCode,
      remoteMessage: this.remoteMessage,
      field: this.field,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
