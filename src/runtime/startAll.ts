import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { startLocalStack } from './localStack';
import { ShutdownStack } from './shutdownStack';
import { untilSignal } from './untilSignal';

/**
 * `ppm start`: API + worker in this process, plus, when not configured, an embedded PostgreSQL and a Temporal
 * dev server (both persisted under DATA_DIR). Ctrl-C stops everything in reverse order; the worker drains.
 */
export async function startAll(config: Config): Promise<void> {
  const stack = new ShutdownStack();
  const stopped = untilSignal();
  try {
    const local = await startLocalStack(config, stack);
    const base = local.baseUrl;
    logger.info(
      [
        'PPM Sync is running:',
        `  API          ${base}/api/v1`,
        `  API docs     ${base}/docs  (OpenAPI: ${base}/openapi.json)`,
        `  Readiness    ${base}/ready`,
        `  Temporal     ${local.temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
        local.temporalUi ? `  Temporal UI  ${local.temporalUi}` : '  Temporal UI  (external server: see your Temporal deployment)',
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
    if (config.DEV_LOGIN) {
      logger.warn(`DEVELOPMENT SIGN-IN ENABLED (DEV_LOGIN=true): anyone reaching ${base}/api/v1/auth/dev/login can sign in with any role. Never in production.`);
    }
    const signal = await Promise.race([stopped, local.worker.running.then(() => 'worker stopped' as const)]);
    logger.info(`shutting down (${signal})`);
  } finally {
    await stack.unwind();
  }
}
