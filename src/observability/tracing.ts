import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { Config } from '../config/env';
import { logger } from '../logging/logger';

interface Tracing {
  provider: NodeTracerProvider;
  resource: Resource;
  processor: SpanProcessor;
}

let active: Tracing | null = null;

// The OpenTelemetry SDK, its OTLP exporter and Temporal's interceptors (about 500 modules) are loaded only when tracing
// is turned on: with tracing off (the default) every process would otherwise carry them for nothing.
const sdk = () => ({
  ...(require('@opentelemetry/resources') as typeof import('@opentelemetry/resources')),
  ...(require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base')),
  ...(require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node')),
  ...(require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')),
});
const temporalInterceptors = () => require('@temporalio/interceptors-opentelemetry') as typeof import('@temporalio/interceptors-opentelemetry');

/**
 * Turns tracing on for this process when OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP, batched), or with
 * the span processor a test passes. Off otherwise: no provider is registered, so every span in the code is the
 * API's no-op and the Temporal interceptors are not installed at all. Once per process; returns its shutdown
 * (which flushes pending spans).
 */
export function startTracing(config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>, opts: { spanProcessor?: SpanProcessor } = {}): () => Promise<void> {
  if (active) return async () => undefined;
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint && !opts.spanProcessor) return async () => undefined;
  const { Resource, BatchSpanProcessor, OTLPTraceExporter, NodeTracerProvider } = sdk();
  const resource = new Resource({ 'service.name': config.OTEL_SERVICE_NAME });
  const processor = opts.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register(); // global tracer provider, AsyncLocalStorage context, W3C trace-context propagation
  active = { provider, resource, processor };
  if (endpoint) logger.info(`tracing: spans exported over OTLP to ${endpoint}`);
  const current = active;
  return async () => {
    if (active !== current) return;
    active = null;
    await provider.shutdown().catch((e: unknown) => logger.warn('tracing: flushing spans failed', { error: (e as Error).message }));
  };
}

export function tracingEnabled(): boolean {
  return active !== null;
}

/** Worker plugin (workflow + activity interceptors, workflow span sink) when tracing is on; none otherwise. */
export function temporalTracingPlugins(): OpenTelemetryPlugin[] {
  return active ? [new (temporalInterceptors().OpenTelemetryPlugin)({ resource: active.resource, spanProcessor: active.processor })] : [];
}

/** Client interceptors carrying the current trace into the workflows the client starts, when tracing is on. */
export function temporalClientInterceptors(): { workflow: OpenTelemetryWorkflowClientInterceptor[] } | undefined {
  return active ? { workflow: [new (temporalInterceptors().OpenTelemetryWorkflowClientInterceptor)()] } : undefined;
}
