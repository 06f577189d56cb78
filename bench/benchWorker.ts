/**
 * A real PPM worker in its own process (bench and drill), so its memory is measured without the simulators and the
 * driver, and so it can be SIGKILLed. Answers `mem` with { maxRssMb, peakHeapMb, cpuSeconds, liveHeapMb }; `stop` shuts down cleanly.
 */
import { loadConfig } from '../src/config/env';
import { openDatabase } from '../src/runtime/database';
import { startWorker } from '../src/runtime/worker';
import { pipelineLines } from '../src/shopPush/pipelineGauge';
import { adaptiveTimeouts } from '../src/connectors/prestashop/adaptiveTimeout';

const mb = (n: number) => Math.round(n / 1048576);

/** RSS, V8 heap used/total and off-heap (external, array buffers) in MB. */
function memoryLine(): string {
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const sequelize = await openDatabase(config, config.DATABASE_URL!);
  const worker = await startWorker(config, config.TEMPORAL_ADDRESS!, { sequelize });
  // Every statement the worker sends (PostgreSQL round trips are a large part of a bulk job's cost).
  const statements = new Map<string, number>();
  let statementCount = 0;
  sequelize.addHook('afterQuery', (_options, query) => {
    statementCount++;
    const key = String((query as { sql?: string }).sql ?? '?').replace(/\s+/g, ' ').trim().slice(0, 60);
    statements.set(key, (statements.get(key) ?? 0) + 1);
  });
  const sql = () => ({ total: statementCount, top: [...statements].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([statement, n]) => ({ statement, n })) });
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
  // BENCH_WORKER_MEM_LOG=ms prints the worker's memory (RSS, V8 heap, off-heap buffers) to stderr every ms.
  const memLogMs = Number(process.env.BENCH_WORKER_MEM_LOG ?? 0);
  const memLog = memLogMs > 0 ? setInterval(() => console.error(`[worker mem] ${memoryLine()}`), memLogMs) : null;
  memLog?.unref();
  // BENCH_WORKER_PIPE_LOG=ms prints, every ms, what the running bulk batches do per shop (lanes held / busy, items
  // running / asleep, batches preparing / in their tail) and each shop's request timeout.
  const pipeLogMs = Number(process.env.BENCH_WORKER_PIPE_LOG ?? 0);
  const pipeLog =
    pipeLogMs > 0
      ? setInterval(() => {
          const lines = pipelineLines();
          if (lines.length === 0) return;
          const timeouts = adaptiveTimeouts().map((t) => `${t.apiRoot.replace(/^https?:\/\//, '')} ${t.currentMs} ms ×${t.backoff}`);
          console.error(`[worker pipe] ${new Date().toISOString().slice(11, 19)} ${lines.join(' | ')} || timeouts ${timeouts.join(', ')}`);
        }, pipeLogMs)
      : null;
  pipeLog?.unref();
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return Math.round((u.user + u.system) / 1e5) / 10;
  };
  /** Heap still in use after a full collection: what the worker keeps, as opposed to garbage not yet collected. */
  const liveHeapMb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return Math.round(process.memoryUsage().heapUsed / 1048576);
  };
  const mem = () => ({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 1048576), cpuSeconds: cpuSeconds(), liveHeapMb: liveHeapMb() });
  process.on('message', async (m) => {
    if (m === 'mem') process.send?.({ mem: mem() });
    if (m === 'sql') process.send?.({ sql: sql() });
    if (m === 'stop') {
      clearInterval(sampler);
      await worker.shutdown();
      await sequelize.close();
      process.send?.({ stopped: mem() });
      process.exit(0);
    }
  });
  if (memLogMs > 0) console.error(`[worker mem] ready: ${memoryLine()}`);
  process.send?.({ ready: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
