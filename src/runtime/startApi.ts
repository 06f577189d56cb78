import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { startTracing } from '../observability/tracing';
import { createTemporalClient } from '../temporal/client';
import { createRuntimeApp } from './apiApp';
import { openDatabase } from './database';
import { listen } from './httpServer';
import { startMetricsListener } from './metricsListener';
import { requireSetting } from './requireSetting';
import { ShutdownStack } from './shutdownStack';
import { untilSignal } from './untilSignal';

/** `ppm api`: the HTTP API alone, against an external PostgreSQL and Temporal (workers run elsewhere). */
export async function startApi(config: Config): Promise<void> {
  const databaseUrl = requireSetting(config, 'DATABASE_URL', 'ppm api');
  const temporalAddress = requireSetting(config, 'TEMPORAL_ADDRESS', 'ppm api');
  const stack = new ShutdownStack();
  const stopped = untilSignal();
  try {
    stack.push('tracing (flush)', startTracing(config));
    const sequelize = await openDatabase(config, databaseUrl);
    stack.push('database pool', () => sequelize.close());
    const temporal = await createTemporalClient(config, temporalAddress);
    stack.push('Temporal client', () => temporal.connection.close());
    const app = createRuntimeApp(config, sequelize, temporal);
    const server = await listen(app, config.HOST, config.PORT);
    stack.push('HTTP server', server.close);
    const metrics = await startMetricsListener(config, config.METRICS_PORT, { temporal });
    if (metrics) stack.push('metrics listener', metrics);
    logger.info(`API listening on http://${config.HOST}:${server.port} (docs at /docs)`);
    if (config.DEV_LOGIN) logger.warn('DEVELOPMENT SIGN-IN ENABLED (DEV_LOGIN=true): /api/v1/auth/dev/login signs anyone in (loopback callers only). Never in production.');
    logger.info(`shutting down (${await stopped})`);
  } finally {
    await stack.unwind();
  }
}
