import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';
import { migrateUp } from '../db/migrator';
import { logger } from '../logging/logger';
import { startTracing } from '../observability/tracing';
import { createTemporalClient } from '../temporal/client';
import { startDevServer } from '../temporal/devServer';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { resolveTemporalCli } from '../temporal/resolveCli';
import { startWorker, type WorkerHandle } from './worker';
import { createRuntimeApp } from './apiApp';
import { openDatabase } from './database';
import { listen } from './httpServer';
import { startMetricsListener } from './metricsListener';
import { startRetentionSweeper } from './retentionSweeper';
import type { ShutdownStack } from './shutdownStack';

/** What `ppm start` runs, as handles for whoever builds on it (`ppm start`, `npm run demo`). */
export interface LocalStack {
  /** http://host:port of the API (no trailing slash). */
  baseUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The dev server's Web UI, null with an external Temporal. */
  temporalUi: string | null;
  sequelize: Sequelize;
  temporal: Client;
  worker: WorkerHandle;
}

/**
 * Brings up API + worker in this process, plus, when not configured, an embedded PostgreSQL and a Temporal
 * dev server (both persisted under DATA_DIR). Every part is pushed on `stack` as it starts, so unwinding it
 * stops them in reverse order (the worker drains) — also when a later part fails to start.
 */
export async function startLocalStack(config: Config, stack: ShutdownStack): Promise<LocalStack> {
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
  const baseUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${server.port}`;
  return { baseUrl, databaseUrl, temporalAddress, temporalUi, sequelize, temporal, worker };
}
