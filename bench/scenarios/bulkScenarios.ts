import type { BenchStack } from '../stack';
import { naiveLoop } from '../naiveLoop';
import { report, type Row, secs } from '../report';
import { cpuFloorSince, machineBusyCpuSeconds } from '../machineCpu';
import { lastSeq, shopBusy, shopCalls, shopHolds } from '../shopChecks';

const LATENCY_MS = 25;
const LANES = 8;
/** The fewest webservice calls a created product needs on 8.x: POST + stock PATCH. */
const MIN_CALLS_PER_CREATE = 2;

export interface Scale {
  factor: number;
}

const scaled = (n: number, s: Scale) => Math.max(1, Math.round(n / s.factor));

interface CreateOutcome {
  wallMs: number;
  products: number;
  shops: number;
}

/** bulk-create N × 3 shops (+ resync-unchanged on the same products and shops). */
export async function bulkCreateScenarios(stack: BenchStack, scale: Scale): Promise<CreateOutcome> {
  const products = scaled(10_000, scale);
  const nShops = 3;
  const set = await stack.addShops(nShops, { latencyMs: LATENCY_MS, lanes: LANES, tag: 'bc' });
  const ids = await stack.seedProducts('BC', products);
  const worker = await stack.startWorker();
  const cpuBefore = (await stack.workerMem(worker)).cpuSeconds;
  const sqlBefore = await stack.workerSql(worker);
  const simCpuBefore = process.cpuUsage();
  const machineBefore = machineBusyCpuSeconds();
  const started = Date.now();
  const jobId = await stack.startBulk({ operation: 'create', productIds: ids, shopIds: set.shopIds });
  const run = await stack.follow(jobId, started);
  const cpuFloor = cpuFloorSince(machineBefore);
  const mem = await stack.workerMem(worker);
  const sql = await stack.workerSql(worker);
  const statementsPerItem = (sql.total - sqlBefore.total) / (products * nShops);
  const simCpu = process.cpuUsage(simCpuBefore);
  const calls = await Promise.all(set.sims.map((s) => shopCalls(s)));
  const holds = await Promise.all(set.sims.map((s) => shopHolds(s, 'BC-')));
  const busy = await Promise.all(set.sims.map((s) => shopBusy(s)));
  const totalCalls = calls.reduce((a, c) => a + c.calls, 0);
  const floorMs = (products * MIN_CALLS_PER_CREATE * LATENCY_MS) / LANES;
  const sample = Math.min(100, products);
  const naive = await naiveLoop(sample, LATENCY_MS);
  const naiveMs = naive.perProductMs * products * nShops;
  const exact = holds.every((h) => h.unique === products && h.duplicates === 0);
  const rows: Row[] = [
    ['products × shops', `${products} × ${nShops} (8.2 simulated, ${LATENCY_MS} ms per call, ${LANES} lanes)`],
    ['wall', secs(run.wallMs)],
    ['calls per product', (totalCalls / (products * nShops)).toFixed(2)],
    ['floor (products × 2 calls × 25 ms ÷ 8 lanes)', secs(floorMs)],
    ['wall ÷ floor (goal ≤ 1.3)', (run.wallMs / floorMs).toFixed(2)],
    [`naive sequential loop (timed on ${sample}, scaled)`, `${secs(naiveMs)} (${naive.callsPerProduct.toFixed(1)} calls/product)`],
    ['speed-up over naive (goal ≥ 10×)', `${(naiveMs / run.wallMs).toFixed(1)}×`],
    ['first progress after', secs(run.firstProgressMs)],
    ['longest progress standstill', secs(run.maxProgressGapMs)],
    ['max requests in flight per shop', calls.map((c) => c.maxConcurrent).join(' / ')],
    // Mean in flight over the whole job: every call (exact count) × the mean answer time of the calls the log still holds.
    ['shop mean answer / mean requests in flight over the wall', busy.map((b, i) => `${b.meanAnswerMs} ms / ${((calls[i].calls * b.meanAnswerMs) / run.wallMs).toFixed(2)}`).join(' · ')],
    [
      'machine CPU busy during the job (all processes) / CPU floor (÷ cores) / wall ÷ CPU floor',
      cpuFloor ? `${cpuFloor.busySeconds} s / ${secs(cpuFloor.floorMs)} (${cpuFloor.cores} cores) / ${(run.wallMs / cpuFloor.floorMs).toFixed(2)}` : 'n/a (no /proc)',
    ],
    ['result', `${run.status}: created ${run.final.created}, failed ${run.final.failed}, done ${run.final.done}/${run.final.total}`],
    ['every product exactly once per shop', exact ? 'yes' : `NO ${JSON.stringify(holds)}`],
    ['worker peak RSS', `${mem.maxRssMb} MB`],
    ['worker CPU during the job', `${(mem.cpuSeconds - cpuBefore).toFixed(1)} s (${(((mem.cpuSeconds - cpuBefore) * 1000) / (products * nShops)).toFixed(2)} ms per product × shop)`],
    ['worker SQL statements per product × shop', `${statementsPerItem.toFixed(2)} (most frequent: ${sql.top.slice(0, 6).map((t) => `${t.n}× ${t.statement}`).join(' | ')})`],
    ['bench process CPU (status reads; the shops run in processes of their own)', `${((simCpu.user + simCpu.system) / 1e6).toFixed(1)} s`],
    ['runs / history events of the largest run', `${run.runs} / ${run.historyEventsLargestRun}`],
  ];
  report('bulk-create', { products, shops: nShops, latencyMs: LATENCY_MS, lanes: LANES, scaleFactor: scale.factor }, {
    wallMs: run.wallMs,
    floorMs,
    wallOverFloor: run.wallMs / floorMs,
    machineBusyCpuSeconds: cpuFloor?.busySeconds ?? null,
    cpuFloorMs: cpuFloor?.floorMs ?? null,
    wallOverCpuFloor: cpuFloor ? run.wallMs / cpuFloor.floorMs : null,
    callsPerProduct: totalCalls / (products * nShops),
    naiveMs,
    naiveCallsPerProduct: naive.callsPerProduct,
    speedupOverNaive: naiveMs / run.wallMs,
    firstProgressMs: run.firstProgressMs,
    maxProgressGapMs: run.maxProgressGapMs,
    maxConcurrentPerShop: calls.map((c) => c.maxConcurrent),
    final: run.final,
    exactlyOncePerShop: exact,
    workerPeakRssMb: mem.maxRssMb,
    workerCpuSeconds: mem.cpuSeconds - cpuBefore,
    workerSqlStatementsPerItem: statementsPerItem,
    workerSqlTop: sql.top,
    runs: run.runs,
    historyEventsLargestRun: run.historyEventsLargestRun,
  }, rows);

  // resync-unchanged: the same job again writes nothing.
  const marks = await Promise.all(set.sims.map(lastSeq));
  const again = Date.now();
  const run2 = await stack.follow(await stack.startBulk({ operation: 'create', productIds: ids, shopIds: set.shopIds }), again);
  const after = await Promise.all(set.sims.map((s, i) => shopCalls(s, marks[i])));
  report('resync-unchanged', { products, shops: nShops, scaleFactor: scale.factor }, { wallMs: run2.wallMs, writeCalls: after.reduce((a, c) => a + c.writes, 0), calls: after.reduce((a, c) => a + c.calls, 0), final: run2.final }, [
    ['products × shops', `${products} × ${nShops}`],
    ['wall', secs(run2.wallMs)],
    ['write calls (goal 0)', after.reduce((a, c) => a + c.writes, 0)],
    ['calls of any kind', after.reduce((a, c) => a + c.calls, 0)],
    ['result', `skipped unchanged ${run2.final.skippedUnchanged} of ${run2.final.total}`],
  ]);
  await stack.stopWorker(worker);
  return { wallMs: run.wallMs, products, shops: nShops };
}

/** flaky: the same bulk create against shops with 10 % 5xx, 5 % hangs and 3 % 429s. */
export async function flakyScenario(stack: BenchStack, scale: Scale, faultFree: CreateOutcome | null): Promise<void> {
  const products = scaled(10_000, scale);
  const nShops = 3;
  const set = await stack.addShops(nShops, { latencyMs: LATENCY_MS, lanes: LANES, tag: 'fl' });
  for (const sim of set.sims) await sim.setFaults({ errorRate500: 0.1, hangRate: 0.05, throttleRate: 0.03, throttleRetryAfterSeconds: 1 });
  const ids = await stack.seedProducts('FL', products);
  const worker = await stack.startWorker();
  const started = Date.now();
  const run = await stack.follow(await stack.startBulk({ operation: 'create', productIds: ids, shopIds: set.shopIds }), started);
  for (const sim of set.sims) await sim.clearFaults();
  const failures = (await stack.sequelize.query(`SELECT code, left(message, 160) AS message, count(*)::int AS n FROM job_failures WHERE job_id = $1 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5`, {
    bind: [run.jobId],
  })) as unknown as [Array<{ code: string; message: string; n: number }>];
  const holds = await Promise.all(set.sims.map((s) => shopHolds(s, 'FL-')));
  const faults = await Promise.all(set.sims.map(async (s) => (await s.requests(0)).filter((r) => r.fault).length));
  const exact = holds.every((h) => h.unique === products && h.duplicates === 0);
  const ratio = faultFree && faultFree.products === products ? run.wallMs / faultFree.wallMs : null;
  report('flaky', { products, shops: nShops, errorRate500: 0.1, hangRate: 0.05, throttleRate: 0.03, scaleFactor: scale.factor }, { wallMs: run.wallMs, faultFreeWallMs: faultFree?.wallMs ?? null, ratio, final: run.final, exactlyOncePerShop: exact, faultsInjected: faults }, [
    ['products × shops', `${products} × ${nShops} (10 % 500, 5 % hangs, 3 % 429 Retry-After 1 s)`],
    ['wall', secs(run.wallMs)],
    ['wall ÷ fault-free wall (goal ≤ 3)', ratio === null ? 'n/a' : ratio.toFixed(2)],
    ['faults injected per shop', faults.join(' / ')],
    ['result', `${run.status}: created ${run.final.created}, failed ${run.final.failed}, done ${run.final.done}/${run.final.total}`],
    ['every product exactly once per shop', exact ? 'yes' : `NO ${JSON.stringify(holds)}`],
    ['failures', failures[0].length ? failures[0].map((f) => `${f.n}× ${f.code}: ${f.message}`).join(' | ') : 'none'],
  ]);
  await stack.stopWorker(worker);
}

/** bulk-100k × 1 shop: completes, history stays bounded, worker memory stays bounded by the window. */
export async function bulk100kScenario(stack: BenchStack, scale: Scale): Promise<void> {
  const products = scaled(100_000, scale);
  const set = await stack.addShops(1, { latencyMs: LATENCY_MS, lanes: LANES, tag: 'hk' });
  const ids = await stack.seedProducts('HK', products);
  const worker = await stack.startWorker();
  const started = Date.now();
  const run = await stack.follow(await stack.startBulk({ operation: 'create', productIds: ids, shopIds: set.shopIds }), started);
  const mem = await stack.workerMem(worker);
  const holds = await shopHolds(set.sims[0], 'HK-');
  const floorMs = (products * MIN_CALLS_PER_CREATE * LATENCY_MS) / LANES;
  report('bulk-100k', { products, shops: 1, scaleFactor: scale.factor }, { wallMs: run.wallMs, floorMs, final: run.final, workerPeakRssMb: mem.maxRssMb, workerPeakHeapMb: mem.peakHeapMb, workerLiveHeapMb: mem.liveHeapMb, runs: run.runs, historyEventsLargestRun: run.historyEventsLargestRun, holds }, [
    ['products × shops', `${products} × 1`],
    ['wall', `${secs(run.wallMs)} (floor ${secs(floorMs)})`],
    ['result', `${run.status}: created ${run.final.created}, failed ${run.final.failed}`],
    ['exactly once in the shop', holds.unique === products && holds.duplicates === 0 ? 'yes' : `NO ${JSON.stringify(holds)}`],
    ['runs / history events of the largest run', `${run.runs} / ${run.historyEventsLargestRun}`],
    ['worker peak RSS (goal ≤ 300 MB)', `${mem.maxRssMb} MB (heap: peak ${mem.peakHeapMb} MB, live after the job ${mem.liveHeapMb} MB)`],
  ]);
  await stack.stopWorker(worker);
}
