import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, type FaultSettings } from './faults';
import { KeyRegistry, type WebserviceKey } from './keyRegistry';
import { RequestLog, type LoggedRequest } from './requestLog';
import type { ShopVersion } from './resourceModel';
import { seedShop } from './seedShop';
import type { ShopStore, ShopStoreDump } from './shopStore';
import type { SimRequest, SimResponse } from './simHttp';
import { handleWebservice, type WebserviceContext } from './webservice';
import { xmlErrors } from './renderXml';

export interface PrestaShopSimulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  host?: string;
  /** The 32-character webservice key with every right; generated when absent. */
  key?: string;
  version?: ShopVersion;
  /** ISO codes; the first is the default language (id 1). */
  languages?: string[];
  shopName?: string;
  taxRuleGroups?: string[];
  /** More keys (restricted permissions, inactive keys) for permission tests. */
  extraKeys?: WebserviceKey[];
  /** Keep the shop across restarts: loaded at start when the file exists, written at stop. */
  stateFile?: string;
}

export interface PrestaShopSimulator {
  /** Shop base URL (the webservice is `${url}/api/`). */
  url: string;
  key: string;
  version: ShopVersion;
  stop(): Promise<void>;
  /** In-process access to what the inspection API serves. */
  state(): Record<string, unknown>;
  requests(sinceSeq?: number): LoggedRequest[];
  /** Rows the shop's requests examined so far (see ShopStore.rowsExamined; also `GET /__sim/stats`). */
  rowsExamined(): number;
  setFaults(f: FaultSettings): void;
  clearFaults(): void;
  reset(): void;
}

const DEFAULT_TAX_GROUPS = ['PL Standard Rate (23%)', 'PL Reduced Rate (8%)', 'PL Reduced Rate (5%)', 'PL Exempted Rate (0%)'];

export function generateWebserviceKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...crypto.randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: SimResponse): void {
  res.writeHead(r.status, r.headers);
  res.end(r.body);
}

function jsonResponse(status: number, value: unknown): SimResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

/** An in-memory PrestaShop webservice (1.7.8 or 8.2) on a real socket, plus `/__sim/*` inspection routes. */
export async function startPrestaShopSimulator(opts: PrestaShopSimulatorOptions = {}): Promise<PrestaShopSimulator> {
  const version = opts.version ?? '8.2';
  const key = opts.key ?? generateWebserviceKey();
  const host = opts.host ?? '127.0.0.1';
  const seed = () =>
    seedShop({ version, languages: opts.languages ?? ['pl', 'en'], shopName: opts.shopName ?? 'PPM Simulated Shop', taxRuleGroups: opts.taxRuleGroups ?? DEFAULT_TAX_GROUPS });
  const keys = new KeyRegistry();
  keys.add({ key, active: true, permissions: 'all' });
  for (const k of opts.extraKeys ?? []) keys.add(k);
  const faults = new FaultInjector();
  const log = new RequestLog();
  const ctx: WebserviceContext = { ...seed(), keys, baseUrl: '' };
  const sockets = new Set<Socket>();
  const store = (): ShopStore => ctx.store;
  if (opts.stateFile && fs.existsSync(opts.stateFile)) store().load(JSON.parse(fs.readFileSync(opts.stateFile, 'utf8')) as ShopStoreDump);
  const save = () => {
    if (!opts.stateFile) return;
    fs.writeFileSync(`${opts.stateFile}.tmp`, JSON.stringify(store().dump()));
    fs.renameSync(`${opts.stateFile}.tmp`, opts.stateFile);
  };

  async function inspection(method: string, path: string, req: SimRequest): Promise<SimResponse> {
    const payload = () => (req.body.length ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>) : {});
    if (path === '/__sim/state') {
      if (method === 'GET') return jsonResponse(200, store().snapshot());
      if (method === 'DELETE') {
        Object.assign(ctx, seed());
        return jsonResponse(200, { reset: true });
      }
    }
    if (path === '/__sim/stats' && method === 'GET') return jsonResponse(200, { rowsExamined: store().rowsExamined });
    if (path === '/__sim/requests') {
      if (method === 'GET') return jsonResponse(200, { requests: log.list(Number(req.url.searchParams.get('since') ?? 0)) });
      if (method === 'DELETE') {
        log.clear();
        return jsonResponse(200, { cleared: true });
      }
    }
    if (path === '/__sim/faults') {
      if (method === 'GET') return jsonResponse(200, { faults: faults.settings, acceptedWrites: faults.acceptedWrites });
      if (method === 'POST') {
        faults.set(payload() as FaultSettings);
        return jsonResponse(200, { faults: faults.settings });
      }
      if (method === 'DELETE') {
        faults.clear();
        return jsonResponse(200, { faults: {} });
      }
    }
    if (path === '/__sim/keys' && method === 'POST') {
      const k = payload() as unknown as WebserviceKey;
      keys.add({ key: String(k.key), active: k.active !== false, permissions: k.permissions ?? 'all' });
      return jsonResponse(201, { key: k.key });
    }
    return jsonResponse(404, { error: `no inspection route ${method} ${path}` });
  }

  const hangs = new Set<http.ServerResponse>();
  let inFlight = 0;

  const server = http.createServer(async (req, res) => {
    const started = Date.now();
    try {
      const url = new URL(req.url ?? '/', ctx.baseUrl || `http://${host}`);
      const body = await readBody(req);
      const simReq: SimRequest = { method: (req.method ?? 'GET').toUpperCase(), url, headers: req.headers, body };
      if (url.pathname.startsWith('/__sim/')) return send(res, await inspection(simReq.method, url.pathname, simReq));
      let apiPath: string | null = null;
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) apiPath = url.pathname.replace(/^\/api\/?/, '');
      else if (url.pathname === '/webservice/dispatcher.php') apiPath = url.searchParams.get('url') ?? '';
      if (apiPath === null) return send(res, { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>404 Not Found</h1>' });

      const method = (url.searchParams.get('ps_method') ?? simReq.method).toUpperCase();
      const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
      inFlight++;
      res.once('close', () => inFlight--);
      const entry = log.start(method, `/api/${apiPath}`, url.search, write, inFlight);
      const finish = (r: SimResponse) => {
        entry.status = r.status;
        entry.durationMs = Date.now() - started;
        send(res, r);
      };
      const delay = faults.latency();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const decision = faults.before(write);
      if (decision.kind === 'hang') {
        entry.fault = 'hang';
        hangs.add(res);
        return;
      }
      if (decision.kind === 'throttle') {
        entry.fault = 'throttle';
        return finish({ status: 429, headers: { 'Retry-After': String(decision.retryAfterSeconds), 'Content-Type': 'text/plain' }, body: 'Too Many Requests' });
      }
      if (decision.kind === 'status') {
        entry.fault = `status ${decision.status}`;
        if (decision.status === 503) {
          return finish({ status: 503, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>' });
        }
        return finish({
          status: 500,
          headers: { 'Content-Type': 'text/xml', 'X-Powered-By': 'PrestaShop Webservice' },
          body: xmlErrors([{ code: 2, message: '[PHP Warning #2] mysqli::real_connect(): (HY000/2002): Connection refused (/var/www/html/classes/db/DbMySQLi.php, line 72)' }]),
        });
      }
      if (decision.kind === 'rejectWrite') {
        entry.fault = 'rejectWrite';
        return finish({ status: decision.status, headers: { 'Content-Type': 'text/xml', 'X-Powered-By': 'PrestaShop Webservice' }, body: xmlErrors([{ code: 46, message: 'Unable to save resource' }]) });
      }
      const late = faults.applyDelay(write);
      if (late > 0) {
        // Saved even when the client has given up meanwhile (PHP runs the request to its end).
        entry.fault = 'applyLate';
        await new Promise((r) => setTimeout(r, late));
      }
      const outcome = await handleWebservice(ctx, simReq, apiPath);
      if (write && outcome.authenticated && faults.afterWrite(outcome.response.status) === 'hang') {
        entry.status = outcome.response.status;
        entry.fault = 'hangAfterWrite';
        hangs.add(res);
        return;
      }
      finish(outcome.response);
    } catch (err) {
      send(res, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: `simulator error: ${(err as Error).message}` });
    }
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  ctx.baseUrl = url;

  return {
    url,
    key,
    version,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const r of hangs) r.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }).then(save),
    state: () => store().snapshot(),
    requests: (since = 0) => log.list(since),
    rowsExamined: () => store().rowsExamined,
    setFaults: (f) => faults.set(f),
    clearFaults: () => faults.clear(),
    reset: () => {
      Object.assign(ctx, seed());
      log.clear();
      faults.clear();
    },
  };
}
