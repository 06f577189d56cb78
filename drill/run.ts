/**
 * `npm run drill [-- --quick] [-- --only worker-kill,…]`: worker-kill ×3, server-restart, flaky-shop, compensate,
 * each against a fresh set of simulated shops on one real stack; prints PASS/FAIL with figures, exits 1 on a FAIL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BenchStack } from '../bench/stack';
import { compensate, type DrillResult, flakyShop, printDrill, serverRestart, workerKill } from './drills';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only'));
  const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : ['worker-kill', 'server-restart', 'flaky-shop', 'compensate'];
  const n = (full: number) => (quick ? Math.max(20, Math.round(full / 10)) : full);
  const stack = await BenchStack.start();
  const results: DrillResult[] = [];
  try {
    const tag = `D${Date.now().toString(36).slice(-4).toUpperCase()}`;
    if (only.includes('worker-kill')) results.push(await workerKill(stack, { products: n(1000), kills: 3, tag }));
    if (only.includes('server-restart')) results.push(await serverRestart(stack, { products: n(1000), tag }));
    if (only.includes('flaky-shop')) results.push(await flakyShop(stack, { products: n(1000), invalid: 5, tag }));
    if (only.includes('compensate')) results.push(await compensate(stack, { products: n(1000), acceptWrites: quick ? 20 : 100, tag }));
    for (const r of results) printDrill(r);
  } finally {
    await stack.stop();
  }
  const dir = path.join(__dirname, '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `drill-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ quick, results }, null, 2));
  const failed = results.filter((r) => !r.pass);
  console.log(`\ndrill: ${results.length - failed.length} PASS, ${failed.length} FAIL`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
