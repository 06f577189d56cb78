/**
 * `npm run bench [-- --quick | --scale=N] [-- --only bulk-create,flaky,...]`: scenarios against the real stack (PostgreSQL, a
 * Temporal dev server, a PPM worker process, simulated shops at a fixed 25 ms per call and 8 lanes). Each prints a
 * table and writes bench/results/<scenario>-<timestamp>.json. `--quick` runs every scenario at 1/20 scale.
 * `npm run bench -- api-list`: only GET /api/v1/products with 100,000 products under 50 clients (scenarios/apiListScenario.ts);
 * a run of every scenario ends with it, at the run's scale (`--quick`: 5,000 products).
 * `npm run bench -- graphql-page`: the GraphQL 50-product page with all relations (scenarios/graphqlPageScenario.ts).
 * `npm run bench -- shop-report`: GET /reports/shops's queries at 100,000 products × 3 shops, and the ledger writes of
 * a bulk push under them (scenarios/shopReportScenario.ts).
 */
import { bulk100kScenario, bulkCreateScenarios, flakyScenario } from './scenarios/bulkScenarios';
import { apiListScenario } from './scenarios/apiListScenario';
import { graphqlPageScenario } from './scenarios/graphqlPageScenario';
import { shopReportScenario } from './scenarios/shopReportScenario';
import { erpPullScenario } from './scenarios/erpPullScenario';
import { BenchStack } from './stack';

const ALL = ['bulk-create', 'flaky', 'erp-pull', 'bulk-100k', 'api-list'] as const;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only'));
  const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : [...ALL];
  // `--scale=N` runs at 1/N of full size (`--quick` is `--scale=20`).
  const scaleArg = args.find((a) => a.startsWith('--scale='));
  const scale = { factor: scaleArg ? Math.max(1, Number(scaleArg.split('=')[1]) || 1) : quick ? 20 : 1 };
  // `api-list` (the catalogue list under 50 clients) brings its own database and API, no Temporal: asked for by
  // name (`npm run bench -- api-list`) it runs alone at full size; in a run of every scenario it runs last, after
  // the Temporal stack has stopped, at the run's scale.
  if (args.includes('api-list') || (only.length === 1 && only[0] === 'api-list')) return apiListScenario(scale);
  // `graphql-page` (the GraphQL product page under 10 clients, with its SQL statement count) likewise runs alone.
  if (args.includes('graphql-page') || only.includes('graphql-page')) return graphqlPageScenario();
  // `shop-report` (the report's queries and the ledger writes under them) likewise.
  if (args.includes('shop-report') || only.includes('shop-report')) return shopReportScenario();
  console.log(`bench: ${scale.factor === 1 ? 'full size' : `1/${scale.factor} scale${quick ? ' (QUICK)' : ''}`}; scenarios ${only.join(', ')}`);
  const interrupted = new Promise<never>((_, reject) => process.once('SIGINT', () => reject(new Error('interrupted'))));
  interrupted.catch(() => undefined);
  const stack = await BenchStack.start();
  const started = Date.now();
  try {
    const work = async () => {
      let faultFree = null;
      if (only.includes('bulk-create') || only.includes('resync-unchanged')) faultFree = await bulkCreateScenarios(stack, scale);
      if (only.includes('flaky')) await flakyScenario(stack, scale, faultFree);
      if (only.includes('erp-pull')) await erpPullScenario(stack, scale);
      if (only.includes('bulk-100k')) await bulk100kScenario(stack, scale);
    };
    await Promise.race([work(), interrupted]);
  } finally {
    await stack.stop();
  }
  if (only.includes('api-list')) await Promise.race([apiListScenario(scale), interrupted]);
  console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
