import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { createTemporalClient } from '../temporal/client';
import { createRuntimeApp } from './apiApp';
import { listen } from './httpServer';
import { startMetricsListener } from './metricsListener';
import { runServiceProcess } from './serviceProcess';

/** `ppm api`: the HTTP API alone, against an external PostgreSQL and Temporal (workers run elsewhere). */
export async function startApi(config: Config): Promise<void> {
  await runServiceProcess(config, 'ppm api', async ({ stack, sequelize, temporalAddress, stopped }) => {
    const temporal = await createTemporalClient(config, temporalAddress);
    stack.push('Temporal client', () => temporal.connection.close());
    const app = createRuntimeApp(config, sequelize, temporal);
    const server = await listen(app, config.HOST, config.PORT);
    stack.push('HTTP server', server.close);
    const metrics = await startMetricsListener(config, config.METRICS_PORT, { temporal });
    if (metrics) stack.push('metrics listener', metrics);
    logger.info(`API listening on http://${config.HOST}:${server.port} (docs at /docs)`);
    if (config.DEV_LOGIN) logger.warn('DEVELOPMENT SIGN-IN ENABLED (DEV_LOGIN=true): /api/v1/auth/dev/login signs anyone in (loopback callers only). Never in production.');
    return stopped;
  });
}
