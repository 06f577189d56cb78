import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { JobAcceptedSchema } from '../api/routes/productSync';
import { ApiClient } from '../cli/api/apiClient';
import { CliError } from '../cli/cliError';
import { jobReport } from '../cli/jobs/jobReport';
import { watchInTerminal } from '../cli/jobs/terminalWatch';
import { type Config, loadConfig, withDemoDevLogin } from '../config/env';
import { OutboundPolicy } from '../net/outboundPolicy';
import { configureLogger } from '../logging/logger';
import { startLocalStack } from '../runtime/localStack';
import { ShutdownStack } from '../runtime/shutdownStack';
import { untilSignal } from '../runtime/untilSignal';
import { startPrestaShopSimulator } from '../simulators/prestashop';
import { startSqlServerSimulator } from '../simulators/sqlserver/sqlServerSimulator';
import { assertPortsFree, type DemoPort } from './demoPorts';
import { type DemoCategory, ensureDemoCategoryTree } from './demoCategories';
import { ensurePullSchedule, ensureShop, ensureSubiektSource } from './demoRegistration';
import { demoShops } from './demoShops';

type JobAccepted = z.infer<typeof JobAcceptedSchema>;

const SUBIEKT = { name: 'Subiekt GT (demo)', database: 'SUBIEKT', user: 'ppm_reader', password: 'Subiekt!2024', schema: 'subiekt_demo' };
const ADMIN_EMAIL = 'demo-admin@example.com';
/** Every 1,000th product carries a name the shops refuse: the demo shows failures with their reasons. */
const INVALID_EVERY = 1000;

const print = (line = '') => process.stdout.write(`${line}\n`);

/** Runs `what` as a numbered step with its wall time. */
async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  print(`▸ ${what}`);
  const value = await fn();
  print(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

function demoConfig(): Config {
  // The demo draws a live progress bar: the stack logs warnings and errors only, unless LOG_LEVEL says otherwise.
  // The demo is a local demo like `ppm start`: the development sign-in is on unless DEV_LOGIN says otherwise.
  const config = withDemoDevLogin(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }));
  if (config.isProduction) throw new CliError('The demo runs simulated shops and a development sign-in; it refuses NODE_ENV=production.');
  if (!config.DEV_LOGIN) throw new CliError('The demo signs in through the development sign-in: unset DEV_LOGIN (or set it to true), keep NODE_ENV=development and HOST on loopback.');
  // Its simulators listen on 127.0.0.1: the outbound policy must let shops and the ERP source point there.
  try {
    new OutboundPolicy(config.OUTBOUND_ALLOWED_NETWORKS).assertHostAllowed('127.0.0.1');
  } catch {
    throw new CliError('The demo\'s simulators listen on 127.0.0.1: leave OUTBOUND_ALLOWED_NETWORKS blank or include 127.0.0.0/8.');
  }
  configureLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  return config;
}

function portsOf(config: Config): DemoPort[] {
  const ports: DemoPort[] = [{ port: config.PORT, what: 'the API', env: 'PORT' }];
  if (!config.DATABASE_URL) ports.push({ port: config.EMBEDDED_PG_PORT, what: 'the embedded PostgreSQL', env: 'EMBEDDED_PG_PORT' });
  if (!config.TEMPORAL_ADDRESS) {
    ports.push({ port: config.TEMPORAL_DEV_PORT, what: 'the Temporal dev server', env: 'TEMPORAL_DEV_PORT' });
    ports.push({ port: config.TEMPORAL_DEV_UI_PORT, what: 'the Temporal Web UI', env: 'TEMPORAL_DEV_UI_PORT' });
  }
  ports.push({ port: config.DEMO_SHOP_PORTS[0], what: 'the first simulated shop', env: 'DEMO_SHOP_PORTS' });
  ports.push({ port: config.DEMO_SHOP_PORTS[1], what: 'the second simulated shop', env: 'DEMO_SHOP_PORTS' });
  ports.push({ port: config.DEMO_SUBIEKT_PORT, what: 'the simulated Subiekt GT', env: 'DEMO_SUBIEKT_PORT' });
  return ports;
}

/**
 * `npm run demo`: what `ppm start` runs, plus two simulated PrestaShop shops and a simulated Subiekt GT with
 * realistic products; registers them through the API as a development admin, creates a pull schedule, pulls
 * once, syncs everything to both shops with a live progress bar, prints the summary and the links, and keeps
 * running until Ctrl-C (which stops everything). The shops keep their contents in DATA_DIR/demo, so a second
 * run shows the delta: nothing to push.
 */
export async function runDemo(): Promise<void> {
  const startedAt = Date.now();
  const config = demoConfig();
  print(`PPM Sync demo — data in ${config.DATA_DIR}`);
  await assertPortsFree(portsOf(config), '127.0.0.1');
  fs.mkdirSync(path.join(config.DATA_DIR, 'demo'), { recursive: true });

  const stack = new ShutdownStack();
  const stopped = untilSignal();
  const interrupt = new AbortController();
  void stopped.then(() => interrupt.abort());
  const interrupted = () => interrupt.signal.aborted;
  try {
    const local = await step('Starting PostgreSQL, Temporal, the worker and the API (the first run also installs the Temporal CLI and initialises PostgreSQL)', () =>
      startLocalStack(config, stack),
    );
    if (interrupted()) return;

    const shops = demoShops(config.DATA_DIR, config.DEMO_SHOP_PORTS);
    const sims = await step(`Starting two simulated PrestaShop shops (${shops.map((s) => `${s.version} ${s.languages.join('+')}`).join(', ')})`, async () => {
      const started = [];
      for (const s of shops) {
        const sim = await startPrestaShopSimulator({ port: s.port, key: s.key, version: s.version, languages: s.languages, shopName: s.name, stateFile: s.stateFile });
        stack.push(`shop simulator ${s.name}`, sim.stop);
        started.push(sim);
      }
      return started;
    });
    const roots = await step('Giving each shop its own category tree (as a merchant left it; the catalogue goes under the shop\'s root category)', async () => {
      const out: number[] = [];
      for (let i = 0; i < shops.length; i++) {
        out.push(await ensureDemoCategoryTree(sims[i].url, shops[i].key, shops[i].languages, shops[i].categories));
        const names = (c: DemoCategory): string => `${c.names[shops[i].languages[1]]}${c.children?.length ? ` (${c.children.map(names).join(', ')})` : ''}`;
        print(`  ${shops[i].name}: Home › ${shops[i].categories.map(names).join(' · ')}; catalogue under category ${out[i]}`);
      }
      return out;
    });

    const subiekt = await step(`Starting a simulated Subiekt GT with ${config.DEMO_PRODUCTS.toLocaleString('en')} products`, async () => {
      const sim = await startSqlServerSimulator({
        port: config.DEMO_SUBIEKT_PORT,
        databaseUrl: local.databaseUrl,
        schema: SUBIEKT.schema,
        database: SUBIEKT.database,
        login: { user: SUBIEKT.user, password: SUBIEKT.password },
        seed: { products: config.DEMO_PRODUCTS, seed: 42, invalidEvery: INVALID_EVERY },
      });
      stack.push('Subiekt GT simulator', sim.stop);
      return sim;
    });
    if (interrupted()) return;

    const session = await step(`Signing in a development admin (${ADMIN_EMAIL})`, async () => {
      const res = await new ApiClient(local.baseUrl, undefined).post<{ accessToken: string }>('/auth/dev/login', { email: ADMIN_EMAIL, name: 'Demo Admin', role: 'admin' });
      return res.body;
    });
    const api = new ApiClient(local.baseUrl, session.accessToken);

    const registered = await step('Registering the shops and the ERP source through the API', async () => {
      const out = [];
      for (let i = 0; i < shops.length; i++) out.push(await ensureShop(api, shops[i], sims[i].url, roots[i]));
      const source = await ensureSubiektSource(api, { name: SUBIEKT.name, host: subiekt.host, port: subiekt.port, database: subiekt.database, user: subiekt.user, password: subiekt.password });
      for (const r of out) print(`  shop #${r.item.id} ${r.item.name} ${r.item.baseUrl}${r.created ? ' (registered)' : ' (already registered)'}`);
      print(`  ERP source #${source.item.id} ${source.item.name}${source.created ? ' (registered)' : ' (already registered)'}`);
      return { shops: out.map((r) => r.item), source: source.item };
    });
    const schedule = await step('Creating an hourly pull schedule (a Temporal Schedule)', async () => {
      const s = await ensurePullSchedule(api, registered.source.id);
      print(`  ${s.item.id}${s.created ? '' : ' (already there)'}; next run ${s.item.nextRuns[0] ?? '—'}`);
      return s.item;
    });
    if (interrupted()) return;

    const pull = await step('Pulling the products from Subiekt GT into the catalogue', async () => {
      const { body } = await api.post<JobAccepted>(`/erp-sources/${registered.source.id}/pull`, { mode: 'auto' });
      const watched = await watchInTerminal(api, body.jobId, { stream: process.stdout, signal: interrupt.signal });
      for (const line of jobReport(watched.job, [])) print(`  ${line}`);
      return watched;
    });
    if (interrupted()) return;
    if (pull.job.status !== 'completed') throw new CliError(`The pull ended ${pull.job.status}${pull.job.error ? `: ${pull.job.error.message}` : ''}.`);

    const shopIds = registered.shops.map((s) => s.id);
    const bulk = await step('Syncing the catalogue to both shops (bulk create: creates what is missing, updates what changed, skips what is unchanged)', async () => {
      const { body } = await api.post<JobAccepted>('/products/bulk', { operation: 'create', filter: { erpSourceId: registered.source.id }, shopIds });
      return watchInTerminal(api, body.jobId, { stream: process.stdout, signal: interrupt.signal });
    });
    if (interrupted()) return;

    const ui = local.temporalUi ? (id: string) => `${local.temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(id)}` : null;
    const token = await api.post<{ token: string }>('/service-tokens', { name: `demo-${new Date().toISOString()}`, role: 'admin', expiresInDays: 1 });
    const p = bulk.job.progress;
    const writes = p ? p.created + p.updated + p.deleted : 0;
    print();
    print('━━ Summary ━━');
    for (const line of jobReport(bulk.job, bulk.failures)) print(line);
    if (p) print(`Products × shops: created ${p.created} · updated ${p.updated} · skipped ${p.skippedUnchanged + p.skippedOther} (unchanged ${p.skippedUnchanged}, other ${p.skippedOther}) · failed ${p.failed}`);
    if (p) print(writes === 0 && p.failed === 0 ? 'Nothing to push: every shop already holds the catalogue.' : writes === 0 ? `Nothing to push except the ${p.failed} items the shops refuse (see the reasons above).` : `${writes} writes to the shops.`);
    print();
    print('━━ Explore ━━');
    print(`  API docs         ${local.baseUrl}/docs`);
    print(`  Temporal UI      ${local.temporalUi ?? '(external Temporal)'}`);
    if (ui) {
      print(`  the pull run     ${ui(pull.job.id)}`);
      print(`  the bulk run     ${ui(bulk.job.id)}`);
      print(`  the schedule     ${local.temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/schedules/${encodeURIComponent(schedule.id)}`);
    }
    for (let i = 0; i < sims.length; i++) print(`  shop ${shopIds[i]}           ${sims[i].url}/api/ (key ${shops[i].key}) · state: ${sims[i].url}/__sim/state`);
    print(`  Subiekt GT       ${subiekt.host},${subiekt.port} database ${subiekt.database} (user ${subiekt.user})`);
    print('  try              (a service token valid for one day, just created for you)');
    print(`    export PPM_API_URL=${local.baseUrl} PPM_TOKEN=${token.body.token}`);
    print(`    npx ppm jobs list`);
    print(`    npx ppm sync product TW-000001 --watch`);
    print(`    npx ppm pull ${registered.source.id} --watch`);
    print(`Demo ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s. Press Ctrl-C to stop everything.`);

    const reason = await Promise.race([stopped, local.worker.running.then(() => 'worker stopped' as const)]);
    print(`stopping (${reason}) …`);
  } finally {
    await stack.unwind();
    print('stopped: nothing left running.');
  }
}
