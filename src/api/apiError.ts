import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one HTTP error type of the API; `onError` turns it into the common error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorEnvelope {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}
