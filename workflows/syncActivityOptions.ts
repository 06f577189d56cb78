import { ActivityCancellationType, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURE_TYPES } from '../src/errors/errorCodes';

/**
 * Timeouts and retry policies of the sync activities, explicit for every kind. Permanent connector errors
 * (`ppm.<CODE>`) are never retried; THROTTLED failures carry the shop's Retry-After as nextRetryDelay, which
 * overrides the backoff below for that retry. Shop-writing activities are cancelled with
 * WAIT_CANCELLATION_COMPLETED: a cancelled job waits until they have really stopped (they check for
 * cancellation after every item), so no write can race a compensation.
 */
const WAIT = ActivityCancellationType.WAIT_CANCELLATION_COMPLETED;

/** One product in one shop: a handful of HTTP calls. */
export const SHOP_CALL: ActivityOptions = {
  cancellationType: WAIT,
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
};

/** Saga steps: retried longer (a shop that hiccups must still be put back), then flagged. */
export const COMPENSATION: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 15, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
};

/** PostgreSQL-only bookkeeping. */
export const DATABASE: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
};

/**
 * A batch of a few hundred items (heartbeats every second; a retry resumes with the items that have no outcome yet).
 * Items retry their own transient failures inside the batch, so a batch attempt fails only when something beyond
 * one item broke (the worker died, PostgreSQL is away): retried soon, from where it stopped.
 */
export function batchOptions(heartbeatTimeoutMs: number): ActivityOptions {
  return heartbeating('1 hour', heartbeatTimeoutMs, { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 });
}

/** Undo a whole job's changes in one shop (long, heartbeating, retried hard). */
export function bulkCompensationOptions(heartbeatTimeoutMs: number): ActivityOptions {
  return heartbeating('4 hours', heartbeatTimeoutMs, { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 20 });
}

/** A long shop-writing activity: heartbeats, waits for its cancellation to complete, never retries permanent errors. */
function heartbeating(startToCloseTimeout: ActivityOptions['startToCloseTimeout'], heartbeatTimeoutMs: number, retry: Omit<RetryPolicy, 'nonRetryableErrorTypes'>): ActivityOptions {
  return { cancellationType: WAIT, startToCloseTimeout, heartbeatTimeout: heartbeatTimeoutMs, retry: { ...retry, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES } };
}
