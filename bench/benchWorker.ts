/**
 * The worker half of `npm run bench`: a real PPM worker in its own process, so its peak memory is measured
 * without the simulators and the driver. Reports { maxRssMb, peakHeapMb } on stdout when told to stop.
 */
import { loadConfig } from '../src/config/env';
import { openDatabase } from '../src/runtime/database';
import { startWorker } from '../src/temporal/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const sequelize = await openDatabase(config, config.DATABASE_URL!);
  const worker = await startWorker(config, config.TEMPORAL_ADDRESS!, { sequelize });
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  clearInterval(sampler);
  await worker.shutdown();
  await sequelize.close();
  process.send?.({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 1048576) });
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
