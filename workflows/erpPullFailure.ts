import { ActivityFailure, ApplicationFailure, CancelledFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';

/** How a failed pull is recorded in its run row: an error code of the taxonomy (src/errors/errorCodes.ts) and a message. */
export interface PullFailure {
  outcome: 'failed' | 'cancelled';
  error: { code: string; message: string };
}

/**
 * Describes the error that ended a pull (deterministic: reads the failure chain only). The code is the
 * `ppm.<CODE>` type of the activity's ApplicationFailure, TIMEOUT for an activity timeout, CANCELLED for a
 * cancellation, else UNKNOWN (an unexpected error: its message says what); the message is the innermost one (the ERP's own words).
 */
export function describePullFailure(e: unknown): PullFailure {
  let code = 'UNKNOWN';
  let message = e instanceof Error ? e.message : String(e);
  let cancelled = false;
  for (let f: unknown = e, depth = 0; f && depth < 10; f = f instanceof TemporalFailure || f instanceof Error ? (f as Error).cause : undefined, depth++) {
    if (f instanceof CancelledFailure) cancelled = true;
    if (f instanceof TimeoutFailure) code = 'TIMEOUT';
    if (f instanceof ApplicationFailure && f.type?.startsWith('ppm.')) code = f.type.slice(4);
    if (f instanceof Error && f.message && !(f instanceof ActivityFailure)) message = f.message;
  }
  if (cancelled) return { outcome: 'cancelled', error: { code: 'CANCELLED', message } };
  return { outcome: 'failed', error: { code, message } };
}
