import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { handleBcApi } from './bcApiHandler';
import { controlRoutes } from './controlRoutes';
import { EntraTokenIssuer } from './entraTokenEndpoint';
import { RequestLog } from './requestLog';
import { seedCompany } from './seedCompany';
import { SeededRandom } from './seededRandom';
import { defaultFaults, type SimFaults } from './simFaults';
import { SimStore } from './simStore';
import { defaultLimits, ThrottleGate, type ThrottleLimits } from './throttleGate';

/**
 * A protocol-faithful Dynamics 365 Business Central (online, API v2.0) plus its Microsoft Entra token endpoint,
 * in one HTTP server. Written from shared/reference/dynamics-bc.md; shares nothing with the client.
 */
export interface DynamicsSimulatorOptions {
  port?: number;
  host?: string;
  tenantId?: string;
  tenantDomain?: string;
  clientId?: string;
  clientSecret?: string;
  environment?: string;
  /** Company names; the first gets `seed.items` items, the others a handful. */
  companies?: string[];
  seed?: { items: number; seed?: number; pictureShare?: number };
  /** Server-driven page size cap (BC online: 20,000). */
  maxPageSize?: number;
  /** Skip tokens older than this are rejected with SkipTokenIsNoLongerValid (default: never). */
  skipTokenTtlMs?: number | null;
  tokenLifetimeSeconds?: number;
  limits?: Partial<ThrottleLimits>;
  /** false: no per-user limits and no service time (same as `limits: { enabled: false }`); default true */
  throttle?: boolean;
  faults?: Partial<SimFaults>;
}

export interface DynamicsSimulator {
  /** Origin of the server, e.g. http://127.0.0.1:8082 */
  url: string;
  /** Entra token endpoint for this tenant. */
  tokenUrl: string;
  /** What a client takes as API host (the real one is https://api.businesscentral.dynamics.com). */
  apiBaseUrl: string;
  /** `${apiBaseUrl}/v2.0/{tenant}/{environment}/api/v2.0` */
  environmentUrl: string;
  controlUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  environment: string;
  companies: Array<{ id: string; name: string; items: number }>;
  stop(): Promise<void>;
}

export const SIM_DEFAULTS = {
  tenantId: '7d0a4f2e-1c3b-4d5e-8f90-a1b2c3d4e5f6',
  tenantDomain: 'ppmdemo.onmicrosoft.com',
  clientId: '3f8c2a71-6b4d-4e0f-9a15-c2d3e4f5a6b7',
  clientSecret: 'sim~Dyn365-BC-dev-secret_0123456789',
  environment: 'production',
  companies: ['PPM Demo Sp. z o.o.', 'PPM Oddział Łódź'],
};

export async function startDynamicsSimulator(opts: DynamicsSimulatorOptions = {}): Promise<DynamicsSimulator> {
  const tenantId = opts.tenantId ?? SIM_DEFAULTS.tenantId;
  const tenantDomain = opts.tenantDomain ?? SIM_DEFAULTS.tenantDomain;
  const clientId = opts.clientId ?? SIM_DEFAULTS.clientId;
  const clientSecret = opts.clientSecret ?? SIM_DEFAULTS.clientSecret;
  const environment = opts.environment ?? SIM_DEFAULTS.environment;
  const companyNames = opts.companies ?? SIM_DEFAULTS.companies;
  const baseSeed = opts.seed?.seed ?? 4242;
  const now = new Date();
  const store = new SimStore(
    companyNames.map((name, i) =>
      seedCompany({ companyName: name, items: i === 0 ? (opts.seed?.items ?? 100) : 5, seed: baseSeed + i * 7919, now, pictureShare: opts.seed?.pictureShare }),
    ),
  );
  const issuer = new EntraTokenIssuer({ tenantId, tenantDomain, clientId, clientSecret });
  if (opts.tokenLifetimeSeconds !== undefined) issuer.tokenLifetimeSeconds = opts.tokenLifetimeSeconds;
  const gate = new ThrottleGate({ ...defaultLimits(), ...opts.limits, ...(opts.throttle === false ? { enabled: false } : {}) });
  const faults: SimFaults = { ...defaultFaults(), ...opts.faults };
  const log = new RequestLog();
  const random = new SeededRandom(baseSeed ^ 0x5bd1e995);
  let releaseHangs!: () => void;
  const hangRelease = new Promise<void>((resolve) => (releaseHangs = resolve));

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.post('/:tenant/oauth2/v2.0/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const result = await issuer.handle(c.req.param('tenant'), form, c.req.header('authorization'));
    log.add({ at: new Date().toISOString(), kind: 'token', method: 'POST', path: c.req.path, query: '', status: result.status, clientId: form.get('client_id') ?? undefined });
    return c.json(result.body, result.status as 200, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' });
  });
  app.all('/v2.0/*', (c) =>
    handleBcApi(c.req.raw, c.env.incoming, {
      store,
      issuer,
      gate,
      faults,
      log,
      tenantId,
      tenantDomain,
      environments: [environment],
      maxPageSize: opts.maxPageSize ?? 20_000,
      skipTokenTtlMs: opts.skipTokenTtlMs ?? null,
      random: () => random.next(),
      hangRelease,
    }),
  );
  const describe = () => ({
    tenantId,
    tenantDomain,
    clientId,
    environment,
    companies: store.companies().map((d) => ({ id: d.company.id, name: d.company.name, items: d.items.size })),
  });
  app.route('/__sim', controlRoutes({ store, issuer, gate, faults, log, describe, initialLimits: { ...gate.limits } }));

  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    tokenUrl: `${url}/${tenantId}/oauth2/v2.0/token`,
    apiBaseUrl: url,
    environmentUrl: `${url}/v2.0/${tenantId}/${environment}/api/v2.0`,
    controlUrl: `${url}/__sim`,
    tenantId,
    clientId,
    clientSecret,
    scope: 'https://api.businesscentral.dynamics.com/.default',
    environment,
    companies: store.companies().map((d) => ({ id: d.company.id, name: d.company.name, items: d.items.size })),
    stop: () =>
      new Promise<void>((resolve) => {
        releaseHangs();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
