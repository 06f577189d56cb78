/**
 * Fault drills: break things on purpose and check the invariants through the shops' webservice. Each drill returns
 * PASS/FAIL with figures; `npm run drill` runs them full size, test/drill runs reduced versions in CI.
 */
import { QueryTypes } from 'sequelize';
import type { BenchStack } from '../bench/stack';
import { lastSeq } from '../bench/shopChecks';
import { duplicates, shopView } from './shopView';

export interface DrillResult {
  name: string;
  pass: boolean;
  /** `timing` checks are about speed (PASS/FAIL in `npm run drill`, never asserted by tests). */
  checks: Array<{ what: string; ok: boolean; detail: string; timing?: boolean }>;
  figures: Record<string, unknown>;
}

function result(name: string, figures: Record<string, unknown>, checks: DrillResult['checks']): DrillResult {
  return { name, pass: checks.every((c) => c.ok), checks, figures };
}

const check = (what: string, ok: boolean, detail: unknown, timing = false) => ({ what, ok, detail: typeof detail === 'string' ? detail : JSON.stringify(detail), timing });

/** SIGKILL the worker `kills` times during a bulk create to two shops; a replacement starts at once each time. */
/**
 * `latencyMs` (default 15–40 ms per call) sets how long the job runs: a small job needs slower shops, or it ends
 * between two progress polls before every planned kill has happened.
 */
export async function workerKill(stack: BenchStack, o: { products: number; kills: number; tag: string; latencyMs?: { min: number; max: number } }): Promise<DrillResult> {
  const shops = await stack.addShops(2, { latencyMs: 25, lanes: 8, tag: `${o.tag}k` });
  for (const sim of shops.sims) await sim.setFaults({ latencyMs: o.latencyMs ?? { min: 15, max: 40 } });
  const prefix = `${o.tag}K`;
  const ids = await stack.seedProducts(prefix, o.products);
  let worker = await stack.startWorker();
  const started = Date.now();
  const jobId = await stack.startBulk({ operation: 'create', productIds: ids, shopIds: shops.shopIds });
  const total = o.products * 2;
  const recoveries: number[] = [];
  let kills = 0;
  let killedAt: number | null = null;
  let doneAtKill = 0;
  let replacing: Promise<void> | null = null;
  const run = await stack.follow(jobId, started, async (p) => {
    if (!p) return;
    if (killedAt !== null && p.done > doneAtKill) {
      recoveries.push(Date.now() - killedAt);
      killedAt = null;
    }
    const nextAt = ((kills + 1) / (o.kills + 1)) * total;
    if (killedAt === null && kills < o.kills && p.done >= nextAt * 0.8 && !replacing) {
      stack.killWorker(worker);
      kills++;
      killedAt = Date.now();
      doneAtKill = p.done;
      replacing = stack.startWorker().then((w) => {
        worker = w;
        replacing = null;
      });
    }
  });
  if (replacing) await replacing;
  const views = await Promise.all(shops.sims.map((s) => shopView(s, prefix)));
  const dup = views.map(duplicates);
  return result('worker-kill', { products: o.products, shops: 2, kills, wallMs: run.wallMs, recoveryMs: recoveries, final: run.final }, [
    check(`worker killed ${o.kills} times`, kills === o.kills, `${kills}`),
    check('job completed', run.status === 'completed', run.status),
    check('every product exactly once per shop', dup.every((d) => d.unique === o.products && d.duplicated.length === 0) && views.every((v) => v.length === o.products), dup.map((d) => ({ unique: d.unique, duplicated: d.duplicated.length }))),
    check('counters exact', run.final.created === total && run.final.done === total && run.final.failed === 0 && run.final.skippedUnchanged === 0 && run.final.updated === 0, { created: run.final.created, updated: run.final.updated, skipped: run.final.skippedUnchanged, failed: run.final.failed, done: run.final.done }),
    check('each kill recovered within ~20 s', recoveries.length === kills && recoveries.every((ms) => ms <= 25_000), recoveries.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', '), true),
  ]);
}

/** Restart the Temporal server in the middle of a bulk price update; every price must end right, once per shop. */
export async function serverRestart(stack: BenchStack, o: { products: number; tag: string }): Promise<DrillResult> {
  const shops = await stack.addShops(2, { latencyMs: 25, lanes: 8, tag: `${o.tag}r` });
  const prefix = `${o.tag}R`;
  const ids = await stack.seedProducts(prefix, o.products);
  const worker = await stack.startWorker();
  await stack.follow(await stack.startBulk({ operation: 'create', productIds: ids, shopIds: shops.shopIds }), Date.now());
  await stack.sequelize.query(`UPDATE products SET price_net = price_net + 7, updated_at = now() WHERE id = ANY($1::int[])`, { bind: [ids] });
  const started = Date.now();
  const jobId = await stack.startBulk({ operation: 'update', productIds: ids, shopIds: shops.shopIds });
  let restarted = false;
  let restartMs = 0;
  const run = await stack.follow(jobId, started, async (p) => {
    if (!restarted && p && p.done >= p.total * 0.3) {
      restarted = true;
      const t = Date.now();
      await stack.restartTemporal();
      restartMs = Date.now() - t;
    }
  });
  const prices = await stack.sequelize.query<{ sku: string; price: string }>(`SELECT sku, (price_net::numeric)::text AS price FROM products WHERE id = ANY($1::int[])`, { bind: [ids], type: QueryTypes.SELECT });
  const want = new Map(prices.map((r) => [r.sku, String(Number(r.price))]));
  const views = await Promise.all(shops.sims.map((s) => shopView(s, prefix)));
  const wrong = views.map((v) => v.filter((p) => want.get(p.reference) !== p.price).length);
  await stack.stopWorker(worker);
  return result('server-restart', { products: o.products, shops: 2, wallMs: run.wallMs, serverDownAndUpMs: restartMs, final: run.final }, [
    check('server restarted mid-job', restarted, `${restartMs} ms down and up`),
    check('job completed', run.status === 'completed', run.status),
    check('every product exactly once per shop', views.every((v) => v.length === o.products && duplicates(v).duplicated.length === 0), views.map((v) => v.length)),
    check('every price right', wrong.every((n) => n === 0), { wrongPrices: wrong }),
    check('counters exact', run.final.updated === o.products * 2 && run.final.failed === 0, { updated: run.final.updated, failed: run.final.failed }),
  ]);
}

/** 10 % 5xx, 5 % hangs, 3 % 429 on both shops, and a few invalid products: valid ones synced once, invalid ones reported. */
export async function flakyShop(stack: BenchStack, o: { products: number; invalid: number; tag: string }): Promise<DrillResult> {
  const shops = await stack.addShops(2, { latencyMs: 25, lanes: 8, tag: `${o.tag}f` });
  const prefix = `${o.tag}F`;
  const ids = await stack.seedProducts(prefix, o.products);
  const invalid = ids.slice(0, o.invalid);
  await stack.sequelize.query(`UPDATE products SET ean = 'NOT-AN-EAN' WHERE id = ANY($1::int[])`, { bind: [invalid] });
  for (const sim of shops.sims) await sim.setFaults({ latencyMs: { min: 25, max: 25 }, errorRate500: 0.1, hangRate: 0.05, throttleRate: 0.03, throttleRetryAfterSeconds: 1 });
  const worker = await stack.startWorker();
  const started = Date.now();
  const jobId = await stack.startBulk({ operation: 'create', productIds: ids, shopIds: shops.shopIds });
  const run = await stack.follow(jobId, started);
  for (const sim of shops.sims) await sim.clearFaults();
  const failures = await stack.sequelize.query<{ product_id: number; code: string; message: string }>(`SELECT product_id, code, message FROM job_failures WHERE job_id = $1`, { bind: [jobId], type: QueryTypes.SELECT });
  const views = await Promise.all(shops.sims.map((s) => shopView(s, prefix)));
  const valid = o.products - o.invalid;
  const faults = await Promise.all(shops.sims.map(async (s) => (await s.requests(0)).filter((r) => r.fault).length));
  await stack.stopWorker(worker);
  const invalidReported = failures.length === o.invalid * 2 && failures.every((f) => invalid.includes(f.product_id) && f.code === 'VALIDATION' && /ean13/i.test(f.message));
  return result('flaky-shop', { products: o.products, invalid: o.invalid, shops: 2, wallMs: run.wallMs, faultsInjected: faults, final: run.final, failures: failures.slice(0, 3) }, [
    check('job completed (nothing retried forever)', run.status === 'completed', run.status),
    check('every valid product exactly once per shop', views.every((v) => v.length === valid && duplicates(v).duplicated.length === 0), views.map((v) => v.length)),
    check("invalid items reported with the shop's error", invalidReported, failures.slice(0, 2)),
    check('counters match the shops', run.final.created === valid * 2 && run.final.failed === o.invalid * 2 && run.final.done === o.products * 2, { created: run.final.created, failed: run.final.failed, done: run.final.done }),
  ]);
}

/**
 * A compensating bulk update where the second shop refuses every write after the first `acceptWrites` (PrestaShop's
 * 500 code 46): both shops must end exactly as before, and the undoing must start within seconds of the refusal.
 */
export async function compensate(stack: BenchStack, o: { products: number; acceptWrites: number; tag: string }): Promise<DrillResult> {
  const shops = await stack.addShops(2, { latencyMs: 15, lanes: 8, tag: `${o.tag}c` });
  const prefix = `${o.tag}C`;
  const ids = await stack.seedProducts(prefix, o.products);
  const worker = await stack.startWorker();
  await stack.follow(await stack.startBulk({ operation: 'create', productIds: ids, shopIds: shops.shopIds }), Date.now());
  const before = await Promise.all(shops.sims.map((s) => shopView(s, prefix)));
  await stack.sequelize.query(`UPDATE products SET price_net = price_net * 2, stock = stock + 5, updated_at = now() WHERE id = ANY($1::int[])`, { bind: [ids] });
  const accepted = (await (await fetch(`${shops.sims[1].url}/__sim/faults`)).json()) as { acceptedWrites: number };
  await shops.sims[1].setFaults({ rejectWritesAfter: accepted.acceptedWrites + o.acceptWrites, rejectWritesStatus: 500 });
  // The shop refuses (500 code 46) from write N on; it accepts writes again right after its first refusal, so the
  // compensation can put back what it had accepted (undoing needs writes too). The shop runs in its own process:
  // its log is read from the last entry seen on, one read at a time.
  let lifted = false;
  let seen = await lastSeq(shops.sims[1]);
  let reading = false;
  const watch = setInterval(() => {
    if (lifted || reading) return;
    reading = true;
    void shops.sims[1]
      .requests(seen)
      .then(async (log) => {
        // Up to the first entry still unanswered (its fault is set when it is answered).
        const open = log.find((r) => r.status === null && r.fault === null);
        seen = open ? open.seq - 1 : (log.at(-1)?.seq ?? seen);
        if (!lifted && log.some((r) => r.fault === 'rejectWrite')) {
          lifted = true;
          await shops.sims[1].clearFaults();
        }
      })
      .catch(() => undefined)
      .finally(() => (reading = false));
  }, 20);
  const started = Date.now();
  const jobId = await stack.startBulk({ operation: 'update', productIds: ids, shopIds: shops.shopIds, onFailure: 'compensate' });
  const run = await stack.follow(jobId, started);
  clearInterval(watch);
  await shops.sims[1].clearFaults();
  const firstRefusal = (await shops.sims[1].requests(0)).find((r) => r.fault === 'rejectWrite');
  const [firstUndo] = await stack.sequelize.query<{ at: Date }>(`SELECT min(created_at) AS at FROM sync_history WHERE job_id = $1 AND action = 'compensate'`, { bind: [jobId], type: QueryTypes.SELECT });
  const refusalToUndoMs = firstRefusal && firstUndo?.at ? new Date(firstUndo.at).getTime() - Date.parse(firstRefusal.at) : null;
  const after = await Promise.all(shops.sims.map((s) => shopView(s, prefix)));
  await stack.stopWorker(worker);
  const equal = JSON.stringify(before) === JSON.stringify(after);
  return result('compensate', { products: o.products, acceptWrites: o.acceptWrites, wallMs: run.wallMs, refusalToUndoMs, final: run.final }, [
    check('job failed and compensated', run.status === 'failed' && run.final.compensated > 0 && run.final.compensationFailed === 0, { status: run.status, compensated: run.final.compensated, compensationFailed: run.final.compensationFailed }),
    check('both shops equal to before (webservice view: price, name, active, stock)', equal, equal ? 'equal' : { beforeCounts: before.map((b) => b.length), afterCounts: after.map((a) => a.length) }),
    check('undoing started within seconds of the refusal', refusalToUndoMs !== null && refusalToUndoMs < 15_000, refusalToUndoMs === null ? 'no refusal seen' : `${(refusalToUndoMs / 1000).toFixed(1)} s`, true),
  ]);
}

export function printDrill(r: DrillResult): void {
  console.log(`\n== ${r.name}: ${r.pass ? 'PASS' : 'FAIL'}`);
  for (const c of r.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  const { final: _f, failures: _x, ...figs } = r.figures as Record<string, unknown>;
  console.log(`  figures: ${JSON.stringify(figs)}`);
}
