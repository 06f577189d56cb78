import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/projectRoot';

const BIN = path.join(PROJECT_ROOT, 'bin/ppm.js');

/** Running (a zombie waiting for a reaper counts as stopped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Every process a test started: killed after each test, so a failed assertion leaves nothing running. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `ppm worker` as a user starts it, on the test run's PostgreSQL and Temporal server; resolves once it polls. */
async function startPpmWorker(): Promise<{ wrapper: ChildProcess; workerPid: number; workerArgs: string; exited: Promise<number | null>; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', TEMPORAL_TASK_QUEUE: `test-${Math.random().toString(36).slice(2, 10)}` };
  delete env.NODE_OPTIONS;
  delete env.WORKER_METRICS_PORT;
  delete env.TEMPORAL_METRICS_PORT;
  const wrapper = spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(wrapper.pid!);
  let out = '';
  wrapper.stdout!.on('data', (d) => (out += d));
  wrapper.stderr!.on('data', (d) => (out += d));
  // 'close': the exit code once every output line has been read (the drain message comes last).
  const exited = new Promise<number | null>((resolve) => wrapper.once('close', (code) => resolve(code)));
  await until('the worker to poll', () => out.includes('worker polling') || wrapper.exitCode !== null);
  expect(out).toContain('worker polling');
  const [pid, ...args] = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(wrapper.pid)]).toString().trim().split(/\s+/);
  started.push(Number(pid));
  return { wrapper, workerPid: Number(pid), workerArgs: args.join(' '), exited, output: () => out };
}

describe('ppm worker process', () => {
  it('runs the worker with the V8 heap limit, and SIGTERM drains it and exits 0', async () => {
    const w = await startPpmWorker();
    expect(w.workerArgs).toContain('--max-old-space-size=1024');
    expect(w.workerArgs).toContain('--max-semi-space-size=8');
    expect(w.workerArgs).toContain('bin/ppm.js worker');
    w.wrapper.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.output()).toContain('DRAINED');
    expect(alive(w.workerPid)).toBe(false);
  });

  it('stops the worker when its parent process is SIGKILLed', async () => {
    const w = await startPpmWorker();
    w.wrapper.kill('SIGKILL');
    await w.exited;
    await until('the orphaned worker to stop', () => !alive(w.workerPid), 30_000);
  });
});

describe('worker footprint', () => {
  // What the worker's composition root loads, and which source maps Node keeps, in a process started as bin/ppm.js starts one.
  const probe = `
    const Module = require('node:module');
    require(${JSON.stringify(path.join(PROJECT_ROOT, 'src/runtime/worker.ts'))});
    const loaded = Object.keys(require.cache);
    const dep = loaded.find((f) => f.includes('/node_modules/@temporalio/worker/lib/worker.js'));
    console.log(JSON.stringify({
      loaded,
      ownMap: Boolean(Module.findSourceMap(${JSON.stringify(path.join(PROJECT_ROOT, 'src/runtime/worker.ts'))})),
      depHasMapFile: Boolean(dep && require('node:fs').existsSync(dep + '.map')),
      depMap: Boolean(dep && Module.findSourceMap(dep)),
    }));`;
  const result = () =>
    JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', '--require', path.join(PROJECT_ROOT, 'bin/ownSourceMaps.js'), '-e', probe], { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'error' } }).toString().trim().split('\n').pop()!) as {
      loaded: string[];
      ownMap: boolean;
      depHasMapFile: boolean;
      depMap: boolean;
    };

  it('loads no ERP driver, tracing SDK or API framework until one is used, and keeps source maps of our code only', () => {
    const r = result();
    const packages = new Set(r.loaded.map((f) => f.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1]).filter(Boolean));
    for (const lazy of ['mssql', 'tedious', '@azure/identity', '@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http', '@temporalio/interceptors-opentelemetry', 'hono', '@hono/zod-openapi', 'graphql']) {
      expect([lazy, packages.has(lazy)]).toEqual([lazy, false]);
    }
    expect(packages.has('@temporalio/worker')).toBe(true);
    expect(r.ownMap).toBe(true);
    expect(r.depHasMapFile).toBe(true);
    expect(r.depMap).toBe(false);
  });
});
