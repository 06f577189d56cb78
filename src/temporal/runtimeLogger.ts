import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { logger } from '../logging/logger';

const WINSTON_LEVEL: Record<LogLevel, string> = { TRACE: 'silly', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** Adapts Temporal's Logger interface onto our winston logger (workflow/activity context metadata kept). */
export class WinstonTemporalLogger implements Logger {
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const { sdkComponent, ...rest } = meta ?? {};
    logger.log(WINSTON_LEVEL[level], message, { component: sdkComponent ? `temporal.${String(sdkComponent)}` : 'temporal', ...rest });
  }
  trace(message: string, meta?: LogMetadata) { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata) { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata) { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata) { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata) { this.log('ERROR', message, meta); }
}
