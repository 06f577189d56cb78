import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { startTracing } from '../observability/tracing';
import { startWorker } from './worker';
import { openDatabase } from './database';
import { startMetricsListener } from './metricsListener';
import { requireSetting } from './requireSetting';
import { startRetentionSweeper } from './retentionSweeper';
import { ShutdownStack } from './shutdownStack';
import { untilSignal } from './untilSignal';

/** `ppm worker`: a Temporal worker alone; SIGTERM drains in-flight tasks before exit. */
export async function startWorkerProcess(config: Config): Promise<void> {
  const databaseUrl = requireSetting(config, 'DATABASE_URL', 'ppm worker');
  const temporalAddress = requireSetting(config, 'TEMPORAL_ADDRESS', 'ppm worker');
  const stack = new ShutdownStack();
  const stopped = untilSignal();
  try {
    stack.push('tracing (flush)', startTracing(config));
    const sequelize = await openDatabase(config, databaseUrl);
    stack.push('database pool', () => sequelize.close());
    const worker = await startWorker(config, temporalAddress, { sequelize });
    stack.push('worker (draining)', worker.shutdown);
    stack.push('retention sweeper', startRetentionSweeper(config, sequelize));
    const metrics = await startMetricsListener(config, config.WORKER_METRICS_PORT, { temporalSdkPort: config.TEMPORAL_METRICS_PORT });
    if (metrics) stack.push('metrics listener', metrics);
    logger.info(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${temporalAddress}`);
    const reason = await Promise.race([stopped, worker.running.then(() => 'worker stopped' as const)]);
    logger.info(`shutting down (${reason})`);
  } finally {
    await stack.unwind();
  }
}
