import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { startWorker } from './worker';
import { startMetricsListener } from './metricsListener';
import { startRetentionSweeper } from './retentionSweeper';
import { runServiceProcess } from './serviceProcess';

/** `ppm worker`: a Temporal worker alone; SIGTERM drains in-flight tasks before exit. */
export async function startWorkerProcess(config: Config): Promise<void> {
  await runServiceProcess(config, 'ppm worker', async ({ stack, sequelize, temporalAddress, stopped }) => {
    const worker = await startWorker(config, temporalAddress, { sequelize });
    stack.push('worker (draining)', worker.shutdown);
    stack.push('retention sweeper', startRetentionSweeper(config, sequelize));
    const metrics = await startMetricsListener(config, config.WORKER_METRICS_PORT, { temporalSdkPort: config.TEMPORAL_METRICS_PORT });
    if (metrics) stack.push('metrics listener', metrics);
    logger.info(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${temporalAddress}`);
    return Promise.race([stopped, worker.running.then(() => 'worker stopped' as const)]);
  });
}
