import winston from 'winston';
import { redact } from './redact';

/**
 * The one logger of the process: API, worker and Temporal's runtime (see temporal/runtimeLogger.ts) all write
 * here. JSON in production, readable lines in development. Secrets in metadata are redacted.
 */
const redactFormat = winston.format((info) => {
  const record = info as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === 'level' || key === 'message') continue;
    record[key] = (redact({ [key]: record[key] }) as Record<string, unknown>)[key];
  }
  return info;
});

/** Control characters (newline, ESC, ...) shown as \xNN so no input can forge or colour a log line. */
export function escapeControlChars(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function formatFor(kind: 'json' | 'pretty'): winston.Logform.Format {
  if (kind === 'json') return winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json());
  return winston.format.combine(
    redactFormat(),
    winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
    winston.format.colorize(),
    winston.format.printf(({ timestamp, level, message, ...meta }) => {
      const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
      return `${timestamp} ${level} ${escapeControlChars(String(message))}${escapeControlChars(rest)}`;
    }),
  );
}

export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: formatFor(process.env.NODE_ENV === 'production' ? 'json' : 'pretty'),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
});

/** Applies the validated config (level and format) to the shared logger. */
export function configureLogger(opts: { level: string; format: 'json' | 'pretty' }): void {
  logger.level = opts.level;
  logger.format = formatFor(opts.format);
}
