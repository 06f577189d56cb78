import type { RegisterCommand } from './registerCommand';
import { serveUntilSignal, simCommand } from '../simCommand';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`expected a TCP port, got '${value}'`);
  return n;
}

function version(value: string): '1.7.8' | '8.2' {
  if (value === '1.7.8' || value === '1.7') return '1.7.8';
  if (value === '8.2' || value === '8') return '8.2';
  throw new Error(`expected 1.7.8 or 8.2, got '${value}'`);
}

function key(value: string): string {
  if (value.length !== 32) throw new Error('the webservice key must be exactly 32 characters');
  return value;
}

/** `ppm sim prestashop`: a PrestaShop webservice (`/api/`) in memory, until Ctrl+C. */
export const register: RegisterCommand = (program) => {
  simCommand(program, 'prestashop')
    .description('Simulate a PrestaShop 1.7.8 / 8.2 shop webservice (/api/, XML in, XML/JSON out)')
    .option('--port <port>', 'TCP port (0 = random)', port, 8081)
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--key <key>', 'webservice key (32 characters); generated when absent', key)
    .option('--version <version>', 'PrestaShop version: 1.7.8 or 8.2', version, '8.2')
    .option('--languages <isoCodes>', 'shop languages, default first', 'pl,en')
    .option('--shop-name <name>', 'shop name', 'PPM Simulated Shop')
    .option('--state-file <path>', 'keep the shop across restarts: loaded at start if present, written at Ctrl+C')
    .action(async (opts: { port: number; host: string; key?: string; version: '1.7.8' | '8.2'; languages: string; shopName: string; stateFile?: string }) => {
      const languages = opts.languages.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
      // Loaded only when run, so `ppm api` / `ppm worker` never load simulators.
      const { startPrestaShopSimulator } = (require('../../simulators/prestashop') as typeof import('../../simulators/prestashop'));
      const sim = await startPrestaShopSimulator({ port: opts.port, host: opts.host, key: opts.key, version: opts.version, languages, shopName: opts.shopName, stateFile: opts.stateFile });
      const lines = [
        `PrestaShop ${sim.version} webservice simulator`,
        `  shop URL     ${sim.url}`,
        `  webservice   ${sim.url}/api/`,
        `  key          ${sim.key}${opts.key ? '' : '   (generated)'}`,
        `  languages    ${languages.map((l, i) => `${i + 1}=${l}`).join(', ')}`,
        `  inspection   ${sim.url}/__sim/state, /__sim/requests, /__sim/faults`,
        `  try          curl -u '${sim.key}:' '${sim.url}/api/products?output_format=JSON'`,
        'Ctrl+C to stop.',
      ];
      await serveUntilSignal(lines, sim);
    });
};
