import { trace } from '@opentelemetry/api';
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

/** A JSON.stringify replacer that prints a repeated object as "[circular]" (library metadata can hold cycles). */
function withoutCycles(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    return value;
  };
}

/** The active span's trace and span ids on every line logged inside one (tracing on; nothing otherwise). */
const traceIdsFormat = winston.format((info) => {
  const span = trace.getActiveSpan()?.spanContext();
  if (span && trace.isSpanContextValid(span)) Object.assign(info, { traceId: span.traceId, spanId: span.spanId });
  return info;
});

function formatFor(kind: 'json' | 'pretty'): winston.Logform.Format {
  if (kind === 'json') return winston.format.combine(traceIdsFormat(), redactFormat(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json());
  return winston.format.combine(
    traceIdsFormat(),
    redactFormat(),
    winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
    winston.format.colorize(),
    winston.format.printf(({ timestamp, level, message, ...meta }) => {
      const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta, withoutCycles())}` : '';
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

/**
 * Winston formats every entry (redaction, timestamp, JSON) before its transports drop the ones below their
 * level: a debug line in a hot path (one per created product) cost as much as writing it. Entries of a level
 * nobody listens to are now dropped before they are formatted.
 */
function skipDisabledLevels(l: winston.Logger): void {
  const target = l as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const level of Object.keys(l.levels)) {
    const write = target[level];
    if (typeof write !== 'function') continue;
    target[level] = function (this: winston.Logger, ...args: unknown[]) {
      return (this ?? l).isLevelEnabled(level) ? write.apply(this ?? l, args) : this ?? l;
    };
  }
  const log = l.log;
  l.log = function (this: winston.Logger, ...args: unknown[]) {
    const self = this ?? l;
    if (typeof args[0] === 'string' && !self.isLevelEnabled(args[0])) return self;
    return (log as (...a: unknown[]) => winston.Logger).apply(self, args);
  } as winston.LogMethod;
}
skipDisabledLevels(logger);
