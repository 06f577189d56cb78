/**
 * A simulated shop for benchmarks and drills that runs in a child process of its own, so that its request handling
 * competes neither with the bench driver nor with the worker for one event loop: the figures measure the engine,
 * not a shop starved by the process that also reads the job's status. The driver sees the shop through its
 * webservice and its `/__sim/*` inspection routes only.
 */
import { fork } from 'node:child_process';
import type { FaultSettings, LoggedRequest, PrestaShopSimulatorOptions } from '../src/simulators/prestashop';

export interface BenchShop {
  url: string;
  key: string;
  /** What the inspection API serves at /__sim/state. */
  state(): Promise<Record<string, unknown>>;
  /** The shop's request log after `sinceSeq` (the simulator keeps its last 10,000 entries). */
  requests(sinceSeq?: number): Promise<LoggedRequest[]>;
  /** Faults are merged into the current ones (a latency setting stays until cleared). */
  setFaults(f: FaultSettings): Promise<void>;
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulated shop ${method} ${url}: ${res.status}`);
  return res.json();
}

/** Starts one simulated shop in its own process; resolves when it listens. */
export async function startShopProcess(opts: PrestaShopSimulatorOptions): Promise<BenchShop> {
  const child = fork(require.resolve('./shopProcessMain.ts'), [], {
    env: { ...process.env, PPM_SIM_OPTIONS: JSON.stringify(opts) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hello = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; key: string }));
    child.once('exit', (code) => reject(new Error(`simulated shop exited with ${code} before it listened`)));
  });
  const sim = `${hello.url}/__sim`;
  return {
    url: hello.url,
    key: hello.key,
    state: async () => (await call(`${sim}/state`, 'GET')) as Record<string, unknown>,
    requests: async (since = 0) => ((await call(`${sim}/requests?since=${since}`, 'GET')) as { requests: LoggedRequest[] }).requests,
    setFaults: async (f) => void (await call(`${sim}/faults`, 'POST', f)),
    clearFaults: async () => void (await call(`${sim}/faults`, 'DELETE')),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.send('stop');
        else child.kill('SIGTERM');
      }),
  };
}
