import net from 'node:net';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { createMigrator } from '../db/migrator';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { type DoctorResult, probe } from './doctorResult';

const LIMIT_MS = 8000;

/** Settings that are valid but leave a part unconfigured (invalid ones already stopped loadConfig). */
export function configurationChecks(config: Config): DoctorResult[] {
  const out: DoctorResult[] = [{ area: 'configuration', name: 'environment', status: 'ok', detail: `valid (NODE_ENV=${config.NODE_ENV})` }];
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const) {
    if (!config[key]) {
      out.push({ area: 'configuration', name: key, status: 'down', detail: 'not set', fix: `set ${key} (only \`ppm start\` runs without it, on embedded services)` });
    }
  }
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) out.push({ area: 'configuration', name: 'tracing', status: 'ok', detail: 'off (OTEL_EXPORTER_OTLP_ENDPOINT not set)' });
  return out;
}

export function databaseCheck(open: () => Promise<Sequelize>, onOpen: (s: Sequelize) => void): Promise<DoctorResult> {
  return probe('postgresql', 'DATABASE_URL', LIMIT_MS, 'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL runs', async () => {
    const sequelize = await open();
    onOpen(sequelize);
    const [[row]] = (await sequelize.query('SELECT version() AS v')) as [{ v: string }[], unknown];
    const pending = await createMigrator(sequelize).pending();
    const version = row.v.split(' ').slice(0, 2).join(' ');
    if (pending.length) return { status: 'down', detail: `${version}; ${pending.length} migration(s) pending (${pending[0].name} …)`, fix: 'run `npx ppm migrate up`' };
    return `${version}; schema up to date`;
  });
}

/** A plain TCP connect first, so a server that is down is reported as such (the gRPC client retries quietly). */
function tcpReachable(address: string, ms: number): Promise<void> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`${address}: ${why}`));
    };
    socket.setTimeout(ms, () => fail(`no answer within ${ms / 1000} s`));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ECONNREFUSED' ? 'connection refused (is the Temporal server running?)' : e.code === 'ENOTFOUND' ? 'host name not found' : e.message));
  });
}

export async function temporalChecks(config: Config, connect: () => Promise<Client>, onOpen: (c: Client) => void): Promise<{ results: DoctorResult[]; client: Client | null }> {
  let client: Client | null = null;
  const reach = await probe('temporal', `namespace ${config.TEMPORAL_NAMESPACE}`, LIMIT_MS, 'check TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the TLS / API key settings', async () => {
    await tcpReachable(config.TEMPORAL_ADDRESS!, 3000);
    client = await connect();
    onOpen(client);
    const ns = await client.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE });
    return `reachable at ${config.TEMPORAL_ADDRESS}; namespace ${ns.namespaceInfo?.name ?? config.TEMPORAL_NAMESPACE} registered`;
  });
  if (reach.status !== 'ok' || !client) return { results: [reach], client: null };
  const c: Client = client;
  const attributes = await probe('temporal', 'search attributes', LIMIT_MS, 'register them: see "temporal operator search-attribute create" in README (Production deployment)', async () => {
    const res = await c.connection.operatorService.listSearchAttributes({ namespace: config.TEMPORAL_NAMESPACE });
    const have = new Set(Object.keys(res.customAttributes ?? {}));
    const missing = Object.keys(DEV_SERVER_SEARCH_ATTRIBUTES).filter((n) => !have.has(n));
    if (missing.length) return { status: 'down', detail: `missing: ${missing.join(', ')}`, fix: `register ${missing.map((m) => `${m} (${DEV_SERVER_SEARCH_ATTRIBUTES[m as keyof typeof DEV_SERVER_SEARCH_ATTRIBUTES]})`).join(', ')} with "temporal operator search-attribute create"` };
    return `all ${Object.keys(DEV_SERVER_SEARCH_ATTRIBUTES).length} registered`;
  });
  const workers = await probe('temporal', `task queue ${config.TEMPORAL_TASK_QUEUE}`, LIMIT_MS, 'start a worker (`npx ppm worker`)', async () => {
    const res = await c.workflowService.describeTaskQueue({ namespace: config.TEMPORAL_NAMESPACE, taskQueue: { name: config.TEMPORAL_TASK_QUEUE, kind: 1 }, taskQueueType: 1 });
    const pollers = res.pollers?.length ?? 0;
    if (!pollers) return { status: 'warn', detail: 'no worker polled it recently: jobs will wait', fix: 'start a worker (`npx ppm worker`) with the same TEMPORAL_TASK_QUEUE' };
    return `${pollers} worker poller(s)`;
  });
  return { results: [reach, attributes, workers], client: c };
}
