import type { Client } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import { logger } from '../logging/logger';
import { refreshJobsRunning } from './jobsRunningGauge';
import { metricsRegistry } from './metrics';

/** What one process's /metrics shows besides its own registry. */
export interface MetricsSources {
  /** The API process: `ppm_jobs_running` is read from Temporal visibility at scrape. */
  temporal?: Client;
  /** The Temporal SDK runtime's Prometheus exporter of this process (TEMPORAL_METRICS_PORT), appended verbatim. */
  temporalSdkPort?: number;
}

async function temporalSdkText(port: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? await res.text() : '';
  } catch (e) {
    logger.debug('metrics: the Temporal SDK exporter did not answer', { port, error: (e as Error).message });
    return '';
  }
}

/** The Prometheus text exposition of this process: PPM's metrics, then the Temporal SDK's (own `temporal_` names). */
export async function renderMetrics(sources: MetricsSources): Promise<string> {
  if (sources.temporal) await refreshJobsRunning(sources.temporal);
  const own = await metricsRegistry.metrics();
  const sdk = sources.temporalSdkPort ? await temporalSdkText(sources.temporalSdkPort) : '';
  return sdk ? `${own}\n${sdk}` : own;
}

export async function metricsResponse(c: Context, sources: MetricsSources): Promise<Response> {
  return c.body(await renderMetrics(sources), 200, { 'Content-Type': metricsRegistry.contentType, 'Cache-Control': 'no-store' });
}

/** The app of a separate metrics listener (METRICS_PORT / WORKER_METRICS_PORT): GET /metrics and nothing else. */
export function metricsApp(sources: MetricsSources): Hono {
  const app = new Hono();
  app.get('/metrics', (c) => metricsResponse(c, sources));
  return app;
}
