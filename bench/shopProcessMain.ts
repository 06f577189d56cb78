/**
 * One simulated PrestaShop in a child process of its own (see shopProcess.ts): started with the options in
 * PPM_SIM_OPTIONS (JSON), answers `{ url, key }` over IPC when it listens, stops on `stop` or when its parent goes.
 */
import { startPrestaShopSimulator, type PrestaShopSimulatorOptions } from '../src/simulators/prestashop';

async function main(): Promise<void> {
  const opts = JSON.parse(process.env.PPM_SIM_OPTIONS ?? '{}') as PrestaShopSimulatorOptions;
  const sim = await startPrestaShopSimulator(opts);
  const stop = async () => {
    await sim.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (m) => m === 'stop' && void stop());
  process.on('disconnect', () => void stop());
  process.send?.({ url: sim.url, key: sim.key, version: sim.version });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
