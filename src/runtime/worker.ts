import fs from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../config/env';
import { createActivities, type ActivityDeps } from '../../activities';
import type { ImportRowValidator } from '../catalog/import/productImport';
import { defaultErpSourceFactory } from '../erpPull/defaultErpSourceFactory';
import { SecretBox } from '../crypto/secretBox';
import { OutboundPolicy } from '../net/outboundPolicy';
import { createShopGatewayOpener } from '../shopPush/shopGatewayOpener';
import { temporalTracingPlugins } from '../observability/tracing';
import { temporalConnectionOptions } from '../temporal/connectionOptions';
import { installTemporalRuntime } from '../temporal/runtime';
import { WORKFLOWS_PATH } from '../temporal/workflowsPath';

// The API's row rules (zod + @hono/zod-openapi schemas) are loaded when an import job first validates a row, not at
// start: most workers never run an import.
let importRowRules: ImportRowValidator | null = null;
const validateImportRow: ImportRowValidator = (values) => {
  importRowRules ??= (require('../api/schemas/importRowValidator') as typeof import('../api/schemas/importRowValidator')).validateImportRow;
  return importRowRules(values);
};

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  /** Resolves when the worker has stopped (after shutdown() it drains in-flight tasks first). */
  running: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Creates and starts the worker. The workflow bundle comes from PPM_WORKFLOW_BUNDLE_PATH when set and tracing is off (tests,
 * prebuilt images), else workflows/ is bundled at start.
 */
export async function startWorker(config: Config, address: string, deps: ActivityDeps): Promise<WorkerHandle> {
  installTemporalRuntime({ metricsPort: config.TEMPORAL_METRICS_PORT });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, address));
  // Tracing adds workflow interceptors, which must be bundled in: a prebuilt bundle is then not used.
  const plugins = temporalTracingPlugins();
  const bundlePath = plugins.length ? undefined : process.env.PPM_WORKFLOW_BUNDLE_PATH;
  const worker = await Worker.create({
    plugins,
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(bundlePath && fs.existsSync(bundlePath) ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({ catalogDefaultLanguage: config.CATALOG_DEFAULT_LANGUAGE, importRowValidator: validateImportRow, ...deps, erpSources: deps.erpSources ?? defaultErpSourceFactory(config, deps.sequelize), shopGateways: deps.shopGateways ?? createShopGatewayOpener(deps.sequelize, new SecretBox(config.ENCRYPTION_KEY), new OutboundPolicy(config.OUTBOUND_ALLOWED_NETWORKS)) }),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: Math.min(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, config.WORKER_MAX_CACHED_WORKFLOWS),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS,
    // Heartbeats reach the server at least every 2 s, so a cancel (pause of a shop, job cancel) stops a batch promptly.
    maxHeartbeatThrottleInterval: '2 seconds',
  });
  const running = worker.run();
  let done: Promise<void> | null = null;
  return {
    worker,
    connection,
    running,
    shutdown() {
      done ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      })();
      return done;
    },
  };
}
