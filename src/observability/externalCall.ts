import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { isConnectorError } from '../errors/ConnectorError';
import { externalCallDuration, externalCallsTotal } from './metrics';

export type ExternalCallOutcome = 'ok' | 'retryable' | 'permanent' | 'throttled';

/** How a finished call counts: connector errors say whether a retry can help; anything else is permanent. */
export function outcomeOf(error: unknown): ExternalCallOutcome {
  if (error === undefined) return 'ok';
  if (!isConnectorError(error)) return 'permanent';
  if (error.code === 'THROTTLED') return 'throttled';
  return error.retryable ? 'retryable' : 'permanent';
}

const tracer = trace.getTracer('ppm-sync.connectors');

/**
 * Runs one request to an external system inside a client span and counts it (`ppm_external_calls_total`,
 * `ppm_external_call_duration_seconds`). `operation` must be bounded (a method and a resource name, never
 * a URL with ids). Without a registered tracer provider the span is a no-op.
 */
export async function observeExternalCall<T>(system: string, operation: string, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(`${system} ${operation}`, { kind: SpanKind.CLIENT, attributes: { 'ppm.system': system, 'ppm.operation': operation } }, async (span) => {
    const stop = externalCallDuration.startTimer({ system, operation });
    let error: unknown;
    try {
      return await fn();
    } catch (e) {
      error = e;
      throw e;
    } finally {
      const outcome = outcomeOf(error);
      stop({ outcome });
      externalCallsTotal.inc({ system, operation, outcome });
      span.setAttribute('ppm.outcome', outcome);
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: isConnectorError(error) ? error.code : 'error' });
      span.end();
    }
  });
}
