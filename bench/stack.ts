/**
 * The real stack for benchmarks and drills: a throw-away PostgreSQL database, a Temporal dev server (persisted to a
 * file so it can be restarted), PPM workers in child processes (killable), simulated shops registered in the shops
 * table, and a status reader that is the API's own (describeJob with live counts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../src/config/env';
import { SecretBox } from '../src/crypto/secretBox';
import { createSequelize } from '../src/db/database';
import { migrateUp } from '../src/db/migrator';
import { describeJob } from '../src/jobs/jobStatus';
import { startBulkJob } from '../src/jobs/jobStarter';
import { encryptShopApiKey } from '../src/shops/shopCredentials';
import { type DevServer, startDevServer } from '../src/temporal/devServer';
import { resolveTemporalCli } from '../src/temporal/resolveCli';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../src/temporal/searchAttributes';
import { WORKFLOWS_PATH } from '../src/temporal/workflowsPath';
import { type BenchShop, startShopProcess } from './shopProcess';
import type { BulkInput, JobProgress } from '../workflows/syncTypes';

const { WORKER_NODE_FLAGS } = require('../bin/workerNodeFlags') as { WORKER_NODE_FLAGS: string[] };

const ADMIN_URL = process.env.PPM_BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface WorkerMem {
  maxRssMb: number;
  peakHeapMb: number;
  /** CPU (user + system) the worker process used since it started. */
  cpuSeconds: number;
  /** Heap in use right after a full garbage collection (the worker runs with --expose-gc). */
  liveHeapMb: number;
}

export interface WorkerSql {
  total: number;
  top: Array<{ statement: string; n: number }>;
}

export interface ShopSet {
  /** Each shop runs in a process of its own (shopProcess.ts). */
  sims: BenchShop[];
  shopIds: number[];
}

export interface BulkRun {
  jobId: string;
  wallMs: number;
  /** From the start until the job status first showed a finished item. */
  firstProgressMs: number | null;
  /** Longest time the job status' `done` stood still while the job ran. */
  maxProgressGapMs: number;
  final: JobProgress;
  status: string;
  runs: number;
  historyEventsLargestRun: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export class BenchStack {
  private readonly cleanups: Array<() => Promise<unknown>> = [];
  private workers: ChildProcess[] = [];
  private server!: DevServer;
  private port = 0;
  sequelize!: Sequelize;
  temporal!: Client;
  private connection!: Connection;
  readonly taskQueue = 'ppm-bench';
  private env: NodeJS.ProcessEnv = {};
  private tmp = '';
  /** The bench database (simulators that keep their data in PostgreSQL use it too). */
  dbUrl = '';
  box!: SecretBox;

  static async start(opts: { workerEnv?: Record<string, string> } = {}): Promise<BenchStack> {
    const s = new BenchStack();
    await s.init(opts.workerEnv ?? {});
    return s;
  }

  private async init(workerEnv: Record<string, string>): Promise<void> {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-bench-'));
    this.cleanups.push(async () => fs.rmSync(this.tmp, { recursive: true, force: true }));
    const dbName = `ppm_bench_${Date.now()}_${process.pid}`;
    await adminQuery(`CREATE DATABASE "${dbName}"`);
    this.cleanups.unshift(() => adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
    this.dbUrl = dbUrl;
    this.sequelize = createSequelize({ url: dbUrl, poolMax: 8, ssl: false });
    this.cleanups.unshift(() => this.sequelize.close());
    await migrateUp(this.sequelize);
    this.port = await freePort();
    await this.startServer();
    this.cleanups.unshift(() => this.server.stop());
    const bundlePath = path.join(this.tmp, 'workflows.js');
    fs.writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never })).code);
    this.env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'error',
      DATA_DIR: path.join(this.tmp, 'data'),
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: this.server.address,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      PPM_WORKFLOW_BUNDLE_PATH: bundlePath,
      DATABASE_POOL_MAX: '40',
      ...workerEnv,
    };
    this.box = new SecretBox(loadConfig(this.env).ENCRYPTION_KEY);
    this.connection = await Connection.connect({ address: this.server.address });
    this.cleanups.unshift(() => this.connection.close());
    this.temporal = new Client({ connection: this.connection });
    this.cleanups.unshift(async () => this.workers.forEach((w) => w.exitCode === null && w.kill('SIGKILL')));
  }

  private async startServer(): Promise<void> {
    this.server = await startDevServer({
      cliPath: resolveTemporalCli().path,
      port: this.port,
      uiPort: null,
      logLevel: 'error',
      dbFile: path.join(this.tmp, 'temporal.db'),
      searchAttributes: { ...DEV_SERVER_SEARCH_ATTRIBUTES },
    });
  }

  /** Stops the Temporal server and starts it again on the same port and state file. */
  async restartTemporal(downMs = 2_000): Promise<void> {
    await this.server.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.startServer();
  }

  /** Starts one more worker process; resolves when it polls. */
  async startWorker(): Promise<ChildProcess> {
    // BENCH_WORKER_CPU_PROF=dir writes a CPU profile of each worker process there (on a clean stop).
    const prof = process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];
    // BENCH_WORKER_MAX_OLD_SPACE_MB caps the worker's V8 old space (tells garbage not yet collected from a leak).
    if (process.env.BENCH_WORKER_MAX_OLD_SPACE_MB) prof.push(`--max-old-space-size=${process.env.BENCH_WORKER_MAX_OLD_SPACE_MB}`);
    // tsx/cjs, as `ppm worker` loads it (bin/ppm.js): `--import tsx` would add an ESM-hooks thread (its own V8
    // isolate: an idle worker measured 266 MB RSS with it, 240 MB without) that the production worker does not have.
    // bin/ownSourceMaps.js and WORKER_NODE_FLAGS, as bin/ppm.js loads them: the V8 flags `ppm worker` runs with (bin/workerNodeFlags.js); BENCH_WORKER_MAX_OLD_SPACE_MB, after them, wins.
    const child = fork(require.resolve('./benchWorker.ts'), [], { env: this.env, execArgv: ['--require', 'tsx/cjs', '--require', require.resolve('../bin/ownSourceMaps.js'), ...WORKER_NODE_FLAGS, '--expose-gc', ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.workers.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    return child;
  }

  /** SIGKILLs the worker (no drain, no goodbye): its running activities are found dead by their heartbeat timeout. */
  killWorker(child: ChildProcess): void {
    child.kill('SIGKILL');
  }

  async workerMem(child: ChildProcess): Promise<WorkerMem> {
    return new Promise((resolve) => {
      const on = (m: unknown) => {
        const mem = (m as { mem?: WorkerMem }).mem;
        if (mem) {
          child.off('message', on);
          resolve(mem);
        }
      };
      child.on('message', on);
      child.send('mem');
    });
  }

  /** The SQL statements the worker sent since it started: total and the most frequent (benchWorker.ts). */
  async workerSql(child: ChildProcess): Promise<WorkerSql> {
    return new Promise((resolve) => {
      const on = (m: unknown) => {
        const sql = (m as { sql?: WorkerSql }).sql;
        if (sql) {
          child.off('message', on);
          resolve(sql);
        }
      };
      child.on('message', on);
      child.send('sql');
    });
  }

  async stopWorker(child: ChildProcess): Promise<WorkerMem | null> {
    if (child.exitCode !== null || child.signalCode !== null || !child.connected) return null;
    return new Promise((resolve) => {
      child.on('message', (m) => (m as { stopped?: WorkerMem }).stopped && resolve((m as { stopped: WorkerMem }).stopped));
      child.once('exit', () => resolve(null));
      child.send('stop');
    });
  }

  /** Registers a cleanup to run at stop (simulators a scenario started). */
  onStop(fn: () => Promise<unknown>): void {
    this.cleanups.unshift(fn);
  }

  /**
   * `n` simulated shops (PrestaShop 8.2, pl/en), each in a process of its own, with a fixed latency per call,
   * registered with `lanes` and `rps`.
   */
  async addShops(n: number, o: { latencyMs: number; lanes: number; rps?: number; tag: string }): Promise<ShopSet> {
    const sims = await Promise.all(Array.from({ length: n }, (_, i) => startShopProcess({ shopName: `${o.tag}-${i}` })));
    this.cleanups.unshift(() => Promise.all(sims.map((s) => s.stop())));
    const shopIds: number[] = [];
    for (const [i, sim] of sims.entries()) {
      if (o.latencyMs > 0) await sim.setFaults({ latencyMs: { min: o.latencyMs, max: o.latencyMs } });
      const [[row]] = (await this.sequelize.query(
        `INSERT INTO shops (name, base_url, ps_version, api_key_encrypted, api_key_hint, language_map, tax_rules_map, max_concurrency, max_requests_per_second)
         VALUES ($1, $2, '8', '', '••••', '{"pl":1,"en":2}', '{"23":1}', $3, $4) RETURNING id`,
        { bind: [`${o.tag}-${i}-${Date.now()}`, sim.url, o.lanes, o.rps ?? 1000] },
      )) as unknown as [[{ id: number }]];
      await this.sequelize.query(`UPDATE shops SET api_key_encrypted = $2 WHERE id = $1`, { bind: [row.id, encryptShopApiKey(this.box, { id: row.id, baseUrl: sim.url }, sim.key)] });
      shopIds.push(row.id);
    }
    return { sims, shopIds };
  }

  /** `n` catalogue products with SKUs `<prefix>-000001…`; returns their ids in order. */
  async seedProducts(prefix: string, n: number): Promise<number[]> {
    await this.sequelize.query(
      `INSERT INTO products (sku, name, description, price_net, vat_rate, weight_kg, stock, unit)
       SELECT $2 || '-' || lpad(g::text, 6, '0'), 'Produkt ' || g, 'Opis produktu ' || g, (10 + g % 90)::numeric, 23, 0.5, g % 50, 'szt'
         FROM generate_series(1, $1::int) g`,
      { bind: [n, prefix] },
    );
    const [[r]] = (await this.sequelize.query(`SELECT array_agg(id ORDER BY id) AS ids FROM products WHERE sku LIKE $1 || '-%'`, { bind: [prefix] })) as unknown as [[{ ids: number[] }]];
    return r.ids;
  }

  async startBulk(req: { operation: BulkInput['operation']; productIds: number[]; shopIds: number[]; onFailure?: BulkInput['onFailure'] }): Promise<string> {
    const { jobId } = await startBulkJob({ temporal: this.temporal, sequelize: this.sequelize, taskQueue: this.taskQueue }, { ...req, userId: 'bench' });
    return jobId;
  }

  /** Follows a job through the API's own status reader until it closes; `onTick` sees every status read. */
  async follow(jobId: string, startedAt: number, onTick?: (p: JobProgress | null, elapsedMs: number) => void | Promise<void>): Promise<BulkRun> {
    let first: number | null = null;
    let lastDone = -1;
    let lastChange = Date.now();
    let maxGap = 0;
    for (;;) {
      const job = await describeJob(this.temporal, jobId, { sequelize: this.sequelize }).catch(() => null);
      const now = Date.now();
      if (job && job.state !== 'running' && job.state !== 'continued') {
        const runs: number[] = [];
        for await (const w of this.temporal.workflow.list({ query: `WorkflowId = '${jobId}'` })) runs.push(w.historyLength);
        return {
          jobId,
          wallMs: now - startedAt,
          firstProgressMs: first,
          maxProgressGapMs: maxGap,
          final: job.progress!,
          status: job.status,
          runs: runs.length,
          historyEventsLargestRun: Math.max(...runs),
        };
      }
      const p = job?.progress ?? null;
      if (p && p.done > 0 && first === null) first = now - startedAt;
      if (p && p.phase === 'running') {
        if (p.done !== lastDone) {
          if (lastDone >= 0 && p.done < p.total) maxGap = Math.max(maxGap, now - lastChange);
          lastDone = p.done;
          lastChange = now;
        }
      }
      await onTick?.(p, now - startedAt);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    for (const w of this.workers) await this.stopWorker(w).catch(() => undefined);
    for (const c of this.cleanups) await c().catch((e) => console.error('cleanup:', (e as Error).message));
  }
}
