import os from 'node:os';
import { QueryTypes } from 'sequelize';
import { encryptErpCredentials } from '../../src/erpPull/erpCredentials';
import { startErpPull } from '../../src/erpPull/startErpPull';
import { startSqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';
import type { ErpPullResult } from '../../workflows/erpPull';
import { pgBackendCpu, pgCpuBetween } from '../pgBackendCpu';
import { report, secs } from '../report';
import type { BenchStack } from '../stack';

/** erp-pull: N products from the Subiekt GT simulator (SQL Server over TDS) into the catalogue, as a schedule would start it. */
export async function erpPullScenario(stack: BenchStack, scale: { factor: number }): Promise<void> {
  const products = Math.round(100_000 / scale.factor);
  const seeding = Date.now();
  const sim = await startSqlServerSimulator({ databaseUrl: stack.dbUrl, schema: 'subiekt_bench', seed: { products, seed: 7 } });
  stack.onStop(() => sim.stop());
  const seedMs = Date.now() - seeding;
  const settings = { server: sim.host, port: sim.port, database: sim.database, encrypt: false, trustServerCertificate: true, priceLevel: 1, warehouseIds: [1, 2] };
  const [row] = await stack.sequelize.query<{ id: number }>(`INSERT INTO erp_sources (name, kind, settings) VALUES ($1, 'subiekt', $2::jsonb) RETURNING id`, {
    bind: [`Subiekt bench ${Date.now()}`, JSON.stringify(settings)],
    type: QueryTypes.SELECT,
  });
  await stack.sequelize.query(`UPDATE erp_sources SET credentials_encrypted = $2 WHERE id = $1`, { bind: [row.id, encryptErpCredentials(stack.box, { id: row.id, kind: 'subiekt', settings }, { user: sim.user, password: sim.password })] });
  const worker = await stack.startWorker();
  // Where the CPU goes: the worker, this process (the simulator: T-SQL, TDS encoding) and PostgreSQL (both sides' SQL).
  const workerCpuBefore = (await stack.workerMem(worker)).cpuSeconds;
  const pgCpuBefore = await pgBackendCpu(stack.sequelize);
  const benchCpuBefore = process.cpuUsage();
  const started = Date.now();
  const { handle } = await startErpPull(stack.temporal, stack.taskQueue, { sourceId: row.id, pageSize: Number(process.env.BENCH_ERP_PAGE_SIZE ?? 0) || undefined });
  const result = (await handle.result()) as ErpPullResult;
  const wallMs = Date.now() - started;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpu = {
    worker: Math.round(((await stack.workerMem(worker)).cpuSeconds - workerCpuBefore) * 10) / 10,
    simulator: Math.round((benchCpu.user + benchCpu.system) / 1e5) / 10,
    postgres: pgCpuBetween(pgCpuBefore, await pgBackendCpu(stack.sequelize)),
  };
  const mem = await stack.workerMem(worker);
  const [{ n }] = await stack.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE erp_source_id = $1`, { bind: [row.id], type: QueryTypes.SELECT });
  const rowsPerSecond = Math.round(result.counters.fetched / (wallMs / 1000));
  report('erp-pull', { products, scaleFactor: scale.factor, source: 'Subiekt GT simulator (TDS)' }, { wallMs, rowsPerSecond, counters: result.counters, catalogueRows: n, workerPeakRssMb: mem.maxRssMb, workerPeakHeapMb: mem.peakHeapMb, workerLiveHeapMb: mem.liveHeapMb, seedMs, cpuSeconds: cpu, load1: os.loadavg()[0] }, [
    ['products in the ERP', `${products} (seeded in ${secs(seedMs)})`],
    ['wall (goal ≤ 60 s at 100k)', secs(wallMs)],
    ['rows/s', rowsPerSecond],
    ['fetched / inserted / conflicts', `${result.counters.fetched} / ${result.counters.inserted} / ${result.counters.conflicts}`],
    ['catalogue rows from this source', n],
    ['CPU s: worker / simulator (bench process) / PostgreSQL', `${cpu.worker} / ${cpu.simulator} / ${cpu.postgres} (load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs)`],
    ['worker peak RSS (goal ≤ 300 MB)', `${mem.maxRssMb} MB (heap: peak ${mem.peakHeapMb} MB, live after the pull ${mem.liveHeapMb} MB)`],
  ]);
  await stack.stopWorker(worker);
}
