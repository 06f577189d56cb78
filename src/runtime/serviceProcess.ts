import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { logger } from '../logging/logger';
import { startTracing } from '../observability/tracing';
import { openDatabase } from './database';
import { requireSetting } from './requireSetting';
import { ShutdownStack } from './shutdownStack';
import { untilSignal } from './untilSignal';

export interface ServiceProcess {
  stack: ShutdownStack;
  sequelize: Sequelize;
  temporalAddress: string;
  /** Resolves with the signal's name on SIGINT/SIGTERM. */
  stopped: Promise<string>;
}

/**
 * The frame of `ppm api` and `ppm worker`: required settings, tracing, the database pool; `run` starts the rest
 * (pushing what it starts on the stack) and resolves with why the process stops; everything is unwound in reverse.
 */
export async function runServiceProcess(config: Config, command: string, run: (p: ServiceProcess) => Promise<string>): Promise<void> {
  const databaseUrl = requireSetting(config, 'DATABASE_URL', command);
  const temporalAddress = requireSetting(config, 'TEMPORAL_ADDRESS', command);
  const stack = new ShutdownStack();
  const stopped = untilSignal();
  try {
    stack.push('tracing (flush)', startTracing(config));
    const sequelize = await openDatabase(config, databaseUrl);
    stack.push('database pool', () => sequelize.close());
    logger.info(`shutting down (${await run({ stack, sequelize, temporalAddress, stopped })})`);
  } finally {
    await stack.unwind();
  }
}
