import { ApplicationFailure } from '@temporalio/common';
import { isConnectorError } from '../src/errors/ConnectorError';
import { failureTypeFor } from '../src/errors/errorCodes';

/**
 * The single mapping from our error taxonomy to Temporal: permanent connector errors become non-retryable
 * ApplicationFailures with a stable `type` (`ppm.<CODE>`); throttling carries the server's retry delay.
 */
export function toActivityFailure(e: unknown): unknown {
  if (!isConnectorError(e)) return e;
  return ApplicationFailure.create({
    type: failureTypeFor(e.code),
    message: e.message,
    nonRetryable: !e.retryable,
    details: [e.toJSON()],
    nextRetryDelay: e.retryAfterMs !== undefined ? e.retryAfterMs : undefined,
    cause: undefined,
  });
}

/** Wraps an activity so connector errors leave it already mapped. */
export function mapConnectorErrors<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      throw toActivityFailure(e);
    }
  };
}
