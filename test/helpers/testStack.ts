import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { createServiceToken } from '../../src/auth/serviceTokens';
import { type Config, loadConfig } from '../../src/config/env';
import { createRuntimeApp } from '../../src/runtime/apiApp';
import { openDatabase } from '../../src/runtime/database';
import { type HttpServerHandle, listen } from '../../src/runtime/httpServer';
import { createTemporalClient } from '../../src/temporal/client';
import { startWorker, type WorkerHandle } from '../../src/runtime/worker';

export interface TestStack {
  config: Config;
  /** The API app itself (its route list drives the route × role table). */
  app: ReturnType<typeof createRuntimeApp>;
  sequelize: Sequelize;
  temporal: Client;
  worker: WorkerHandle | null;
  baseUrl: string;
  server: HttpServerHandle;
  /** `{ Authorization: 'Bearer …' }` for a fresh service token with `role` (default admin). */
  authHeaders(role?: 'user' | 'manager' | 'admin'): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The real thing, wired as `ppm start` wires it, on the run's test database and Temporal dev server:
 * a worker on its own task queue (so test files never steal each other's tasks) and the API on a free port.
 */
export async function startTestStack(opts: { worker?: boolean; taskQueue?: string; env?: Record<string, string> } = {}): Promise<TestStack> {
  const taskQueue = opts.taskQueue ?? `test-${Math.random().toString(36).slice(2, 10)}`;
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, ...opts.env });
  const sequelize = await openDatabase(config, config.DATABASE_URL!);
  const worker = opts.worker === false ? null : await startWorker(config, config.TEMPORAL_ADDRESS!, { sequelize });
  const temporal = await createTemporalClient(config, config.TEMPORAL_ADDRESS!);
  const app = createRuntimeApp(config, sequelize, temporal);
  const server = await listen(app, '127.0.0.1', 0);
  return {
    config,
    app,
    sequelize,
    temporal,
    worker,
    server,
    baseUrl: `http://127.0.0.1:${server.port}`,
    async authHeaders(role = 'admin') {
      const name = `test-${role}-${Math.random().toString(36).slice(2, 10)}`;
      const { token } = await createServiceToken({ name, role, expiresAt: new Date(Date.now() + 3_600_000), createdBy: null });
      return { Authorization: `Bearer ${token}` };
    },
    async stop() {
      await server.close();
      await worker?.shutdown();
      await temporal.connection.close();
      await sequelize.close();
    },
  };
}
