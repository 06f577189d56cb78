import type { RegisterCommand } from './registerCommand';
import { serveUntilSignal, simCommand } from '../simCommand';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got '${value}'`);
  return n;
}

/** `ppm sim dynamics`: Dynamics 365 Business Central (API v2.0) plus its Entra token endpoint, until Ctrl+C. */
export const register: RegisterCommand = (program) => {
  simCommand(program, 'dynamics')
    .description('Simulate Dynamics 365 Business Central online (API v2.0, OAuth2 client credentials)')
    .option('--port <port>', 'TCP port', positiveInt, 8082)
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--items <n>', 'items to generate in the first company', positiveInt, 500)
    .option('--seed <n>', 'random seed of the generated data', positiveInt, 4242)
    .option('--tenant <id>', 'tenant id (default: the simulator\'s)')
    .option('--client-id <id>', 'app (client) id (default: the simulator\'s)')
    .option('--client-secret <secret>', 'client secret (default: the simulator\'s)')
    .option('--environment <name>', 'environment name (default: the simulator\'s)')
    .option('--max-page-size <n>', 'server-driven page size cap', positiveInt, 20_000)
    .option('--rate <n>', 'requests per 5-minute window per app before 429', positiveInt, 6000)
    .option('--service-time <ms>', 'least time a request holds one of the 5 per-user processing slots', positiveInt, 30)
    .option('--no-throttle', 'no per-user rate, concurrency (5 running + 95 queued) or queue limits')
    .action(async (opts: { port: number; host: string; items: number; seed: number; tenant?: string; clientId?: string; clientSecret?: string; environment?: string; maxPageSize: number; rate: number; serviceTime: number; throttle: boolean }) => {
      // Loaded only when run, so `ppm api` / `ppm worker` never load simulators.
      const { SIM_DEFAULTS, startDynamicsSimulator } = (require('../../simulators/dynamics/startDynamicsSimulator') as typeof import('../../simulators/dynamics/startDynamicsSimulator'));
      const sim = await startDynamicsSimulator({
        port: opts.port,
        host: opts.host,
        tenantId: opts.tenant ?? SIM_DEFAULTS.tenantId,
        clientId: opts.clientId ?? SIM_DEFAULTS.clientId,
        clientSecret: opts.clientSecret ?? SIM_DEFAULTS.clientSecret,
        environment: opts.environment ?? SIM_DEFAULTS.environment,
        seed: { items: opts.items, seed: opts.seed },
        maxPageSize: opts.maxPageSize,
        limits: { rateRequests: opts.rate, serviceTimeMs: opts.serviceTime },
        throttle: opts.throttle,
      });
      const lines = [
        'Dynamics 365 Business Central simulator',
        `  tenant id       ${sim.tenantId}`,
        `  client id       ${sim.clientId}`,
        `  client secret   ${sim.clientSecret}   (simulator only)`,
        `  scope           ${sim.scope}`,
        `  environment     ${sim.environment}`,
        `  token URL       ${sim.tokenUrl}`,
        `  API base URL    ${sim.apiBaseUrl}`,
        `  environment URL ${sim.environmentUrl}`,
        ...sim.companies.map((c) => `  company         ${c.name} (${c.id}), ${c.items} items`),
        `  limits per app  ${opts.throttle ? `${opts.rate} requests / 5 min, 5 running + 95 queued (429 + Retry-After beyond), ${opts.serviceTime} ms per request` : 'none (--no-throttle)'}`,
        `  control API     ${sim.controlUrl}/state, /items, /requests, /faults, /limits, /tokens`,
        'Ctrl+C to stop.',
      ];
      await serveUntilSignal(lines, sim);
    });
};
