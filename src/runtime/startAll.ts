import { type Config, withDemoDevLogin } from '../config/env';
import { logger } from '../logging/logger';
import { startLocalStack } from './localStack';
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
    const local = await startLocalStack(config, stack);
    const base = local.baseUrl;
    // One log line per entry: log messages are single lines (control characters are escaped).
    const banner = [
      'PPM Sync is running:',
      `  API          ${base}/api/v1`,
      `  API docs     ${base}/docs  (OpenAPI: ${base}/openapi.json)`,
      `  Readiness    ${base}/ready`,
      `  Temporal     ${local.temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
      local.temporalUi ? `  Temporal UI  ${local.temporalUi}` : '  Temporal UI  (external server: see your Temporal deployment)',
      'Press Ctrl-C to stop.',
    ];
    for (const line of banner) logger.info(line);
    if (config.DEV_LOGIN) {
      logger.warn(`DEVELOPMENT SIGN-IN ENABLED: ${base}/api/v1/auth/dev/login signs anyone in (loopback callers only). Never in production.`);
    }
    const signal = await Promise.race([stopped, local.worker.running.then(() => 'worker stopped' as const)]);
    logger.info(`shutting down (${signal})`);
  } finally {
    await stack.unwind();
  }
}
