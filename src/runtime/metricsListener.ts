import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { metricsApp, type MetricsSources } from '../observability/metricsEndpoint';
import { listen } from './httpServer';

/**
 * A separate GET /metrics listener (unauthenticated, for Prometheus on an internal port) on METRICS_HOST
 * (default HOST). Returns its close function, or null when `port` is unset.
 */
export async function startMetricsListener(config: Config, port: number | undefined, sources: MetricsSources): Promise<(() => Promise<void>) | null> {
  if (port === undefined) return null;
  const host = config.METRICS_HOST ?? config.HOST;
  const server = await listen(metricsApp(sources) as never, host, port);
  logger.info(`metrics on http://${host}:${server.port}/metrics`);
  return server.close;
}
