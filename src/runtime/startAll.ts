import path from 'node:path';
import { type Config, withDemoDevLogin } from '../config/env';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';
import { migrateUp } from '../db/migrator';
import { logger } from '../logging/logger';
import { startTracing } from '../observability/tracing';
import { createTemporalClient } from '../temporal/client';
import { startDevServer } from '../temporal/devServer';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { resolveTemporalCli } from '../temporal/resolveCli';
import { startWorker } from '../temporal/worker';
import { createRuntimeApp } from './apiApp';
import { openDatabase } from './database';
import { listen } from './httpServer';
import { startMetricsListener } from './metricsListener';
import { startRetentionSweeper } from './retentionSweeper';
import { ShutdownStack } from './shutdownStack';
import { untilSignal } from './untilSignal';

/**
 * `ppm start`: API + worker in this process, plus, when not configured, an embedded PostgreSQL and a Temporal
 * dev server (both persisted under DATA_DIR). Ctrl-C stops everything in reverse order; the worker drains.
 */
export async function startAll(settings: Config): Promise<void> {
  const config = withDemoDevLogin(settings);
  const stack = new ShutdownStack();
  const stopped = untilSignal();
  try {
    stack.push('tracing (flush)', startTracing(config));
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT);
      stack.push('embedded PostgreSQL', embedded.stop);
      databaseUrl = embedded.url;
      logger.info(`embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${embedded.databaseDir})`);
    }
    const sequelize = await openDatabase(config, databaseUrl);
    stack.push('database pool', () => sequelize.close());
    const applied = await migrateUp(sequelize);
    if (applied.length) logger.info(`migrations applied: ${applied.join(', ')}`);

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUi: string | null = null;
    if (!temporalAddress) {
      const cli = resolveTemporalCli({ log: (m) => logger.info(m) });
      const dev = await startDevServer({
        cliPath: cli.path,
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_DEV_UI_PORT,
        dbFile: path.join(config.DATA_DIR, 'temporal.db'),
        namespace: config.TEMPORAL_NAMESPACE,
        searchAttributes: { ...DEV_SERVER_SEARCH_ATTRIBUTES },
        onOutput: (line) => logger.debug(line, { component: 'temporal-dev-server' }),
      });
      stack.push('Temporal dev server', dev.stop);
      temporalAddress = dev.address;
      temporalUi = dev.uiUrl;
    }

    const worker = await startWorker(config, temporalAddress, { sequelize });
    stack.push('worker (draining)', worker.shutdown);
    stack.push('retention sweeper', startRetentionSweeper(config, sequelize));
    const temporal = await createTemporalClient(config, temporalAddress);
    stack.push('Temporal client', () => temporal.connection.close());

    const app = createRuntimeApp(config, sequelize, temporal);
    const server = await listen(app, config.HOST, config.PORT);
    stack.push('HTTP server', server.close);
    const metrics = await startMetricsListener(config, config.METRICS_PORT, { temporal, temporalSdkPort: config.TEMPORAL_METRICS_PORT });
    if (metrics) stack.push('metrics listener', metrics);

    const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${server.port}`;
    // One log line per entry: log messages are single lines (control characters are escaped).
    const banner = [
      'PPM Sync is running:',
      `  API          ${base}/api/v1`,
      `  API docs     ${base}/docs  (OpenAPI: ${base}/openapi.json)`,
      `  Readiness    ${base}/ready`,
      `  Temporal     ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
      temporalUi ? `  Temporal UI  ${temporalUi}` : '  Temporal UI  (external server: see your Temporal deployment)',
      'Press Ctrl-C to stop.',
    ];
    for (const line of banner) logger.info(line);
    if (config.DEV_LOGIN) {
      logger.warn(`DEVELOPMENT SIGN-IN ENABLED: ${base}/api/v1/auth/dev/login signs anyone in (loopback callers only). Never in production.`);
    }
    const signal = await Promise.race([stopped, worker.running.then(() => 'worker stopped' as const)]);
    logger.info(`shutting down (${signal})`);
  } finally {
    await stack.unwind();
  }
}
