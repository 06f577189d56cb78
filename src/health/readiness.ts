import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { logger } from '../logging/logger';

/** One dependency `/ready` waits for. `check` throws (or rejects) with the reason when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** What anonymous callers see: which part is down, never why (driver errors name hosts, users, ports). */
export interface ReadinessReport {
  ready: boolean;
  parts: Record<string, { ok: boolean }>;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);

export async function checkReadiness(checks: ReadinessCheck[], timeoutMs = 3000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), timeoutMs, c.name);
        return [c.name, { ok: true }] as const;
      } catch (e) {
        logger.warn(`readiness: ${c.name} is down`, { part: c.name, error: e instanceof Error ? e.message : String(e) });
        return [c.name, { ok: false }] as const;
      }
    }),
  );
  return { ready: results.every(([, r]) => r.ok), parts: Object.fromEntries(results) };
}

export const databaseCheck = (sequelize: Sequelize): ReadinessCheck => ({
  name: 'database',
  check: async () => {
    await sequelize.query('SELECT 1');
  },
});

export const temporalCheck = (client: Client): ReadinessCheck => ({
  name: 'temporal',
  check: async () => {
    await client.workflowService.getSystemInfo({});
  },
});

/** Ready only when some worker polled the task queue recently (the worker may be another process). */
export const workerCheck = (client: Client, taskQueue: string): ReadinessCheck => ({
  name: 'worker',
  check: async () => {
    const res = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: 1 /* NORMAL */ },
      taskQueueType: 1 /* WORKFLOW */,
    });
    const cutoff = Date.now() - 2 * 60_000;
    const recent = (res.pollers ?? []).some((p) => {
      const t = p.lastAccessTime;
      const ms = t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
      return ms >= cutoff;
    });
    if (!recent) throw new Error(`no worker is polling task queue "${taskQueue}"`);
  },
});
