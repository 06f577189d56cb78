import { fork } from 'node:child_process';
import type { ThrowawayDatabase } from './throwawayDatabase';

export interface BenchApiServer {
  port: number;
  /** A service token of the role asked for. */
  token: string;
  /** The child's process id (its CPU time is read from /proc). */
  pid: number;
  /** Disconnects the child (it exits) and gives it a moment to close its connections. */
  stop(): Promise<void>;
}

/** The real API in a child process (bench/apiListServer.ts) on a scenario's database, with a `user` or `manager` token. */
export async function startBenchApiServer(db: ThrowawayDatabase, role: 'user' | 'manager'): Promise<BenchApiServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, DATA_DIR: db.dataDir, NODE_ENV: 'test', ...(role === 'manager' ? { BENCH_TOKEN_ROLE: 'manager' } : {}) };
  const child = fork(require.resolve('./apiListServer.ts'), [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve) => child.once('message', (m) => resolve(m as never)));
  return {
    port,
    token,
    pid: child.pid!,
    async stop() {
      child.disconnect();
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}
