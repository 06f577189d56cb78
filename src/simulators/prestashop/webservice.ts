import crypto from 'node:crypto';
import { viewEntity, type DisplaySelection } from './entityView';
import { handleImages } from './imageUpload';
import { KeyRegistry, type WebserviceKey } from './keyRegistry';
import { listCandidates, outputLanguages, parseDisplay, parseListQuery, runListQuery } from './listQuery';
import { jsonErrors, jsonList, jsonSingle } from './renderJson';
import type { HttpVerb, ResourceDef } from './resourceModel';
import { xmlDocument, xmlEntity, xmlErrors, xmlList, escapeAttr } from './renderXml';
import { schemaJson, schemaXml } from './schemaOutput';
import type { ShopStore } from './shopStore';
import { header, type SimRequest, type SimResponse } from './simHttp';
import { writeEntities } from './writeEntities';
import { WsEmptyNotFound, WsError } from './wsError';

const REALM = 'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."';
/** Resources handled outside the generic object model ("specific management"). */
const SPECIFIC = ['images'];

export interface WebserviceContext {
  store: ShopStore;
  resources: Map<string, ResourceDef>;
  keys: KeyRegistry;
  baseUrl: string;
}

export interface WebserviceOutcome {
  response: SimResponse;
  /** The key was accepted (8.x sends PSWS-Version only then). */
  authenticated: boolean;
  /** A write the shop attempted (POST/PUT/PATCH/DELETE on a resource). */
  write: boolean;
}

function psVersion(store: ShopStore): string {
  return store.version === '8.2' ? '8.2.0' : '1.7.8.10';
}

function wantsJson(req: SimRequest): boolean {
  const choice = header(req, 'io-format') ?? header(req, 'output-format') ?? req.url.searchParams.get('output_format') ?? req.url.searchParams.get('io_format');
  return choice === 'JSON';
}

function keyFrom(req: SimRequest): string | null | undefined {
  const auth = header(req, 'authorization');
  if (auth && /^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user !== '') return user;
  }
  const q = req.url.searchParams.get('ws_key');
  if (q === null) return undefined;
  return q;
}

function authenticate(ctx: WebserviceContext, req: SimRequest): WebserviceKey | 'missing' {
  const key = keyFrom(req);
  if (key === undefined) return 'missing';
  if (key === null || key === '') throw new WsError(401, 17, 'Authentication key is empty');
  if (key.length !== 32) throw new WsError(401, 18, 'Invalid authentication key format');
  const account = ctx.keys.get(key);
  if (!account || !account.active) {
    throw new WsError(401, 21, 'No permission for this authentication key', [{ code: 20, message: 'Authentification key is not active' }]);
  }
  if (!KeyRegistry.hasAny(account)) throw new WsError(401, 21, 'No permission for this authentication key');
  return account;
}

function resourceListXml(ctx: WebserviceContext, key: WebserviceKey): string {
  const v8 = ctx.store.version === '8.2';
  const verbs: HttpVerb[] = ['GET', 'PUT', 'POST', ...(v8 ? (['PATCH'] as HttpVerb[]) : []), 'DELETE', 'HEAD'];
  const names = [...ctx.resources.keys(), ...SPECIFIC].sort();
  let inner = `<api shopName="${escapeAttr(ctx.store.shopName)}">\n`;
  for (const name of names) {
    if (!KeyRegistry.allows(key, name)) continue;
    const def = ctx.resources.get(name);
    const flags = verbs
      .map((m) => `${m.toLowerCase()}="${KeyRegistry.allows(key, name, m) && !(def?.forbidden.includes(m) ?? false) && !(name === 'images' && (m === 'PATCH')) ? 'true' : 'false'}"`)
      .join(' ');
    const href = `${ctx.baseUrl}/api/${name}`;
    inner += `<${name} xlink:href="${href}" ${flags}>\n<description xlink:href="${href}" ${flags}>${def?.description ?? 'The images'}</description>\n`;
    if (def) inner += `<schema xlink:href="${href}?schema=blank" type="blank"/>\n<schema xlink:href="${href}?schema=synopsis" type="synopsis"/>\n`;
    inner += `</${name}>\n`;
  }
  return xmlDocument(`${inner}</api>\n`);
}

function body(json: boolean, xml: () => string, js: () => string): SimResponse {
  return json ? { status: 200, headers: { 'Content-Type': 'application/json' }, body: js() } : { status: 200, headers: { 'Content-Type': 'text/xml' }, body: xml() };
}

async function dispatch(ctx: WebserviceContext, req: SimRequest, method: string, segments: string[], json: boolean, key: WebserviceKey): Promise<SimResponse> {
  const { store } = ctx;
  const valid = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', ...(store.version === '8.2' ? ['PATCH'] : [])];
  if (!valid.includes(method)) throw new WsError(405, 23, `Method ${method} is not valid`);
  const resource = segments[0] ?? '';
  if (resource === '') {
    if (method !== 'GET' && method !== 'HEAD') throw new WsError(405, 23, `Method ${method} is not valid`);
    if (!json) return body(false, () => resourceListXml(ctx, key), () => '');
    if (store.version === '8.2') {
      // 8.1+: the JSON resource list crashes with a PHP TypeError (issue #34794).
      return { status: 500, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '<br />\n<b>Fatal error</b>:  Uncaught TypeError: WebserviceOutputJSON::renderField(): Argument #1 ($field) must be of type array, string given' };
    }
    const names = [...ctx.resources.keys(), ...SPECIFIC].sort().filter((n) => KeyRegistry.allows(key, n));
    return body(true, () => '', () => JSON.stringify(names));
  }
  const def = ctx.resources.get(resource);
  if (!def && !SPECIFIC.includes(resource)) {
    const all = [...ctx.resources.keys(), ...SPECIFIC].sort();
    const guess = all.find((n) => n.startsWith(resource.slice(0, 3))) ?? all[0];
    throw new WsError(400, 27, `Resource of type "${resource}" does not exists. Did you mean: "${guess}"? The full list is: "${all.join('", "')}"`);
  }
  if (!KeyRegistry.allows(key, resource)) throw new WsError(401, 26, `Resource of type "${resource}" is not allowed with this authentication key`);
  if (!KeyRegistry.allows(key, resource, method as HttpVerb)) throw new WsError(405, 25, `Method ${method} is not allowed for the resource ${resource} with this authentication key`);
  if (def?.forbidden.includes(method as HttpVerb)) throw new WsError(405, 101, `Method ${method} is not allowed for the resource ${resource}`);
  if (!def) return handleImages(store, req, method, segments, ctx.baseUrl);

  const q = req.url.searchParams;
  const rawId = segments[1] ?? '';
  const hasId = rawId !== '';
  const id = Number.parseInt(rawId, 10) || 0;

  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const saved = writeEntities(store, def, method, req.body.toString('utf8'));
    const langs = store.activeLanguageIds();
    const views = saved.map((e) => viewEntity(def, e, langs, ctx.baseUrl, null));
    const status = method === 'POST' ? 201 : 200;
    const displayed = q.has('display');
    const res = body(
      json,
      () => xmlDocument(views.map((v) => xmlEntity(v, ctx.baseUrl)).join('')),
      () => (views.length === 1 && !displayed ? jsonSingle(views[0], store.version) : jsonList(def.name, views, false)),
    );
    return { ...res, status };
  }
  if (method === 'DELETE') {
    const ids = hasId ? [id] : (q.get('id') ?? '').replace(/^\[|\]$/g, '').split(',').map((s) => Number.parseInt(s, 10) || 0);
    const missing = ids.filter((i) => !store.get(resource, i));
    if (missing.length > 0 || ids.length === 0) throw new WsError(404, 87, `Id(s) not exists: ${missing.join(', ')}`);
    for (const i of ids) {
      const e = store.get(resource, i)!;
      store.remove(resource, i);
      def.afterDelete?.(e);
    }
    return { status: 200, headers: { 'Content-Type': json ? 'application/json' : 'text/xml' }, body: '' };
  }

  // GET / HEAD
  const schema = q.get('schema');
  const langs = outputLanguages(store, q.get('language'));
  if (schema !== null) return body(json, () => schemaXml(def, schema, langs, ctx.baseUrl), () => schemaJson(def, langs));
  const display = parseDisplay(def, q.get('display'));
  const selection: DisplaySelection | null = display === null || display === 'full' ? null : display;
  if (hasId) {
    const e = store.get(resource, id);
    if (!e) throw new WsEmptyNotFound();
    const view = viewEntity(def, e, langs, ctx.baseUrl, selection);
    return body(
      json,
      () => xmlDocument(xmlEntity(view, ctx.baseUrl)),
      () => (q.has('display') ? jsonList(def.name, [view], false) : jsonSingle(view, store.version)),
    );
  }
  const query = parseListQuery(def, q);
  const rows = runListQuery(listCandidates(store, resource, query), query, langs);
  const minimum = display === null;
  const views = rows.map((e) => viewEntity(def, e, langs, ctx.baseUrl, selection));
  return body(json, () => xmlList(def.name, def.singular, views, minimum, ctx.baseUrl), () => jsonList(def.name, views, minimum));
}

/** One `/api/...` request end to end: auth, routing, the resource logic, errors, PrestaShop's headers. */
export async function handleWebservice(ctx: WebserviceContext, req: SimRequest, apiPath: string): Promise<WebserviceOutcome> {
  const started = process.hrtime.bigint();
  const json = wantsJson(req);
  const override = req.url.searchParams.get('ps_method');
  const method = (override ?? req.method).toUpperCase();
  const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
  const segments = apiPath.split('/').map((s) => decodeURIComponent(s));
  if (segments[segments.length - 1] === '' && segments.length > 1) segments.pop();
  let authenticated = false;
  let response: SimResponse;
  try {
    const key = authenticate(ctx, req);
    if (key === 'missing') {
      response = { status: 401, headers: { 'WWW-Authenticate': REALM, 'Content-Type': 'text/plain' }, body: '401 Unauthorized' };
    } else {
      authenticated = true;
      response = await dispatch(ctx, req, method, segments, json, key);
    }
  } catch (err) {
    if (err instanceof WsEmptyNotFound) response = { status: 404, headers: { 'Content-Type': json ? 'application/json' : 'text/xml' }, body: '' };
    else if (err instanceof WsError) {
      response = {
        status: err.status,
        headers: { 'Content-Type': json ? 'application/json' : 'text/xml' },
        body: json ? jsonErrors(err.entries) : xmlErrors(err.entries),
      };
      if (err.entries.some((e) => e.code >= 16 && e.code <= 21)) response.headers['WWW-Authenticate'] = REALM;
    } else throw err;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const headers: Record<string, string> = {
    'Access-Time': String(Math.floor(Date.now() / 1000)),
    'X-Powered-By': 'PrestaShop Webservice',
    'Execution-Time': elapsed.toFixed(3),
    ...response.headers,
  };
  if (ctx.store.version === '1.7.8' || authenticated) headers['PSWS-Version'] = psVersion(ctx.store);
  const isError = response.status >= 400;
  if (!isError && response.body.length > 0) {
    const sha1 = crypto.createHash('sha1').update(response.body).digest('hex');
    headers['Content-Sha1'] = sha1;
    if (ctx.store.version === '8.2' && header(req, 'local-content-sha1') === sha1) {
      return { response: { status: 304, headers, body: '' }, authenticated, write };
    }
  }
  if (method === 'HEAD') response = { ...response, body: '' };
  return { response: { ...response, headers }, authenticated, write };
}
