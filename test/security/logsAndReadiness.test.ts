import { Writable } from 'node:stream';
import winston from 'winston';
import { createApp } from '../../src/api/app';
import { configureLogger, logger } from '../../src/logging/logger';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** Low: /ready tells anonymous callers only which part is down; the pretty log cannot be forged through a path. */
describe('public readiness and log lines', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => stack?.stop());

  it('refuses to show driver errors to anonymous /ready callers (only which part is down)', async () => {
    const secretish = 'password authentication failed for user "ppm" at db-internal.corp:5432';
    const app = createApp({
      config: stack.config,
      sequelize: stack.sequelize,
      temporal: stack.temporal,
      readinessChecks: [
        { name: 'database', check: async () => Promise.reject(new Error(secretish)) },
        { name: 'temporal', check: async () => undefined },
      ],
    });
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ready: false, parts: { database: { ok: false }, temporal: { ok: true } } });
    expect(text).not.toContain('db-internal');
  });

  it('refuses to let a request path forge a log line in the pretty format (control characters escaped)', async () => {
    const lines: string[] = [];
    const capture = new winston.transports.Stream({ stream: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }), level: 'silly' });
    const before = { level: logger.level, format: logger.format };
    configureLogger({ level: 'http', format: 'pretty' });
    logger.add(capture);
    try {
      await fetch(`${stack.baseUrl}/api/v1/x%0A12:00:00.000%20info%20admin%20granted%20%1B[31mred`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      logger.remove(capture);
      logger.level = before.level;
      logger.format = before.format;
    }
    const access = lines.filter((l) => l.includes('/api/v1/x'));
    expect(access).toHaveLength(1);
    expect(access[0].trimEnd()).not.toMatch(/[\n\r]/);
    expect(access[0].split(' GET ')[1]).not.toContain('\u001b');
    expect(access[0]).toContain('\\x0a12:00:00.000 info admin granted \\x1b[31mred');
  });
});
