import type { IncomingMessage } from 'node:http';
import { BcHttpError } from './bcHttpError';
import { pageCollection } from './collectionPaging';
import { pictureEntity, shapeRow } from './entityShapes';
import { COMPANY_SCHEMA, type EntitySchema, ITEM_CATEGORY_SCHEMA, ITEM_SCHEMA, ITEM_VARIANT_SCHEMA, PICTURE_SCHEMA } from './entitySchemas';
import type { EntraTokenIssuer } from './entraTokenEndpoint';
import { metadataDocument } from './metadataDocument';
import { type ExpandOption, parseQueryOptions, type QueryOptions } from './odataQueryOptions';
import type { RequestLog } from './requestLog';
import { nextFaultAction, type SimFaults } from './simFaults';
import type { SimCompanyData, SimItemRow } from './simModel';
import type { SimStore } from './simStore';
import type { ThrottleGate } from './throttleGate';

/**
 * The Business Central API v2.0 surface of the simulator (reference §2–§9):
 * `/v2.0/{tenant}/{environment}/api/v2.0/...` (or `/v2.0/{environment}/api/v2.0/...`, tenant from the token):
 * service document, `$metadata`, companies, items, itemCategories, itemVariants, an item's picture and its
 * media content; GET everywhere, PATCH on items with `If-Match`. Authentication, per-identity throttling and
 * fault injection are applied in that order.
 */

export interface BcApiContext {
  store: SimStore;
  issuer: EntraTokenIssuer;
  gate: ThrottleGate;
  faults: SimFaults;
  log: RequestLog;
  tenantId: string;
  tenantDomain?: string;
  environments: string[];
  maxPageSize: number;
  skipTokenTtlMs: number | null;
  random: () => number;
  /** Resolves every hanging request (on stop). */
  hangRelease: Promise<void>;
}

const JSON_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
const SCHEMA_OF: Record<string, EntitySchema> = { picture: PICTURE_SCHEMA, itemCategory: ITEM_CATEGORY_SCHEMA, itemVariants: ITEM_VARIANT_SCHEMA };
const WRITABLE_ITEM_FIELDS = new Set(['displayName', 'displayName2', 'type', 'itemCategoryCode', 'blocked', 'gtin', 'unitPrice', 'priceIncludesTax', 'unitCost', 'taxGroupCode', 'baseUnitOfMeasureCode']);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, 'OData-Version': '4.0', ...headers } });
}

function errorResponse(err: BcHttpError): Response {
  return json(err.status, err.body(), err.headers);
}

const GATEWAY_HTML: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function injectedFailure(status: number, body: 'json' | 'html' | 'empty', retryAfterSeconds: number | undefined): Response {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  if (body === 'empty') return new Response(null, { status, headers });
  if (body === 'html') {
    const title = GATEWAY_HTML[status] ?? 'Error';
    const html = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><HTML><HEAD><TITLE>${title}</TITLE></HEAD><BODY><h2>${title}</h2><hr><p>HTTP Error ${status}. The service is unavailable.</p></BODY></HTML>`;
    return new Response(html, { status, headers: { ...headers, 'Content-Type': 'text/html; charset=us-ascii' } });
  }
  const code = status === 429 ? 'Application_TooManyRequests' : status === 404 ? 'BadRequest_NotFound' : status < 500 ? 'BadRequest' : 'Internal_ServerError';
  const message = status === 429 ? 'Too many requests reached. Actual (101). Maximum (100)' : `Injected failure with status ${status}`;
  return errorResponse(new BcHttpError(status, code, message, headers));
}

interface Segment {
  name: string;
  key: string | null;
}

function parseSegment(raw: string): Segment {
  const m = /^([A-Za-z$][A-Za-z0-9]*)(?:\(([^)]*)\))?$/.exec(raw);
  if (!m) throw new BcHttpError(404, 'BadRequest_ResourceNotFound', `Resource not found for the segment '${raw}'`);
  const key = m[2] === undefined ? null : m[2].replace(/^'(.*)'$/, '$1');
  if (key !== null && !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(key)) {
    throw new BcHttpError(400, 'BadRequest', `The key value '${key}' of segment '${m[1]}' is not a valid GUID`);
  }
  return { name: m[1], key: key?.toLowerCase() ?? null };
}

function notFoundSegment(seg: Segment): BcHttpError {
  return new BcHttpError(404, 'BadRequest_ResourceNotFound', `Resource not found for the segment '${seg.name}'`);
}

function maxPageSizeFrom(prefer: string | null): number | null {
  const m = prefer ? /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer) : null;
  return m ? Number(m[1]) : null;
}

export async function handleBcApi(req: Request, incoming: IncomingMessage, ctx: BcApiContext): Promise<Response> {
  const url = new URL(req.url);
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let status = 500;
  let clientId: string | undefined;
  let release: (() => void) | undefined;
  try {
    const response = await (async () => {
      // parts: ['v2.0', tenant?, environment, 'api', 'v2.0', ...resource]
      const apiAt = parts.findIndex((p, i) => i > 0 && p === 'api' && parts[i + 1] === 'v2.0');
      const envParts = apiAt < 0 ? [] : parts.slice(1, apiAt);
      if (apiAt < 0 || envParts.length < 1 || envParts.length > 2) {
        throw new BcHttpError(404, 'BadRequest_NotFound', 'No HTTP resource was found that matches the request URI');
      }
      const token = await ctx.issuer.verify(req.headers.get('authorization') ?? undefined);
      const urlTenant = envParts.length === 2 ? envParts[0].toLowerCase() : null;
      const tenantOk = urlTenant === null || urlTenant === ctx.tenantId.toLowerCase() || urlTenant === ctx.tenantDomain?.toLowerCase();
      if (!token || !tenantOk) {
        throw new BcHttpError(401, 'Authentication_InvalidCredentials', 'The server has rejected the client credentials', {
          'WWW-Authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${ctx.tenantId}/oauth2/authorize", error="invalid_token"`,
        });
      }
      clientId = token.appId;
      const environment = envParts[envParts.length - 1];
      if (!ctx.environments.some((e) => e.toLowerCase() === environment.toLowerCase())) {
        // [unconfirmed] code/status for an unknown environment.
        throw new BcHttpError(404, 'BadRequest_NotFound', `The environment '${environment}' does not exist for tenant '${ctx.tenantId}'`);
      }
      const admission = await ctx.gate.admit(token.appId);
      if (!admission.ok) {
        const headers: Record<string, string> = admission.retryAfterSeconds !== null ? { 'Retry-After': String(admission.retryAfterSeconds) } : {};
        throw new BcHttpError(admission.status, admission.code, admission.message, headers);
      }
      release = admission.release;
      const fault = nextFaultAction(ctx.faults, ctx.random);
      if (fault.kind === 'drop') {
        incoming.socket.destroy();
        return new Response(null, { status: 500 });
      }
      if (fault.kind === 'hang') {
        await Promise.race([ctx.hangRelease, new Promise<void>((resolve) => incoming.socket.once('close', () => resolve()))]);
        return new Response(null, { status: 504 });
      }
      if (ctx.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, ctx.faults.latencyMs));
      if (fault.kind === 'fail') return injectedFailure(fault.status, fault.body, fault.retryAfterSeconds);
      if (fault.kind === 'forbidden') {
        throw new BcHttpError(403, 'Authorization_InsufficientPermissions', 'You do not have the following permissions on TableData Item: Read');
      }
      const root = `${url.origin}/${parts.slice(0, apiAt + 2).map(encodeURIComponent).join('/')}`;
      const answer = await route(req, url, root, parts.slice(apiAt + 2), ctx);
      await ctx.gate.serviceTime(admission.admittedAt);
      return answer;
    })();
    status = response.status;
    return response;
  } catch (err) {
    const bcErr = err instanceof BcHttpError ? err : new BcHttpError(500, 'Internal_ServerError', `An unexpected error occurred: ${(err as Error).message}`);
    status = bcErr.status;
    return errorResponse(bcErr);
  } finally {
    release?.();
    ctx.log.add({ at: new Date().toISOString(), kind: 'api', method: req.method, path: url.pathname, query: url.search, status, clientId, prefer: req.headers.get('prefer') ?? undefined });
  }
}

async function route(req: Request, url: URL, root: string, resource: string[], ctx: BcApiContext): Promise<Response> {
  if (resource.length === 0) {
    return json(200, {
      '@odata.context': `${root}/$metadata`,
      value: ['companies', 'items', 'itemCategories', 'itemVariants'].map((name) => ({ name, kind: 'EntitySet', url: name })),
    });
  }
  if (resource.length === 1 && resource[0] === '$metadata') {
    return new Response(metadataDocument([COMPANY_SCHEMA, ITEM_SCHEMA, ITEM_CATEGORY_SCHEMA, ITEM_VARIANT_SCHEMA, PICTURE_SCHEMA]), {
      status: 200,
      headers: { 'Content-Type': 'application/xml', 'OData-Version': '4.0' },
    });
  }
  const segs = resource.map(parseSegment);
  const method = req.method.toUpperCase();
  const allow = (...methods: string[]) => {
    if (!methods.includes(method)) throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', `'${method}' requests for '${segs[segs.length - 1].name}' of EdmEntityType are not allowed within Dynamics 365 Business Central OData web services`);
  };

  // Company scoping: companies({id})/… or …?company={id}
  let companySegIndex = 0;
  let data: SimCompanyData | undefined;
  if (segs[0].name === 'companies') {
    if (segs[0].key === null) {
      if (segs.length > 1) throw notFoundSegment(segs[1]);
      allow('GET');
      const rows = ctx.store.companies().map((c) => c.company as unknown as Record<string, unknown>);
      return collection(url, req, root, 'companies', rows, COMPANY_SCHEMA, ctx, () => null, () => ({}));
    }
    data = ctx.store.company(segs[0].key);
    if (!data) throw new BcHttpError(404, 'Internal_CompanyNotFound', `Cannot find the company with the ID '${segs[0].key}'`); // [unconfirmed] wording
    if (segs.length === 1) {
      allow('GET');
      return entity(url, root, `companies/$entity`, data.company as unknown as Record<string, unknown>, COMPANY_SCHEMA, null);
    }
    companySegIndex = 1;
  } else {
    const companyParam = url.searchParams.get('company');
    if (!companyParam) throw notFoundSegment(segs[0]);
    data = ctx.store.companies().find((c) => c.company.id === companyParam.toLowerCase() || c.company.name === companyParam);
    if (!data) throw new BcHttpError(404, 'Internal_CompanyNotFound', `Cannot find the company '${companyParam}'`);
  }
  const company = data;
  const rest = segs.slice(companySegIndex);
  const companyUrl = `${root}/companies(${company.company.id})`;
  const ctxPrefix = `companies(${company.company.id})`;
  const etagOf = (row: Record<string, unknown>) => ctx.store.etag(company, String(row.id));
  const head = rest[0];

  if (head.name === 'items') {
    if (head.key === null) {
      if (rest.length > 1) throw notFoundSegment(rest[1]);
      allow('GET');
      return collection(url, req, root, `${ctxPrefix}/items`, [...company.items.values()] as unknown as Array<Record<string, unknown>>, ITEM_SCHEMA, ctx, etagOf, (row, expand) =>
        expandItem(row as unknown as SimItemRow, expand, company, companyUrl, ctx),
      );
    }
    const item = company.items.get(head.key);
    if (!item) throw new BcHttpError(404, 'Internal_RecordNotFound', `The Item does not exist. Identification fields and values: SystemId='${head.key}'`); // [unconfirmed] wording
    if (rest.length === 1) {
      allow('GET', 'PATCH');
      if (method === 'PATCH') return patchItem(req, url, root, ctxPrefix, item, company, ctx);
      const opts = options(url, ITEM_SCHEMA);
      const body = entity(url, root, `${ctxPrefix}/items/$entity`, item as unknown as Record<string, unknown>, ITEM_SCHEMA, etagOf(item as unknown as Record<string, unknown>), opts.select, expandItem(item, opts.expand, company, companyUrl, ctx));
      return body;
    }
    const sub = rest[1];
    if (sub.name === 'picture' && (sub.key === null || sub.key === item.id)) {
      if (rest.length === 2) {
        allow('GET');
        const opts = parseQueryOptions(url.searchParams, PICTURE_SCHEMA, () => PICTURE_SCHEMA);
        return json(200, {
          '@odata.context': `${root}/$metadata#${ctxPrefix}/items(${item.id})/picture/$entity`,
          ...pictureEntity(ctx.store, company, item, PICTURE_SCHEMA, companyUrl, opts.select),
        });
      }
      if (rest.length === 3 && (rest[2].name === 'content' || rest[2].name === 'pictureContent') && rest[2].key === null) {
        allow('GET');
        const media = company.pictures.get(item.id);
        // [unconfirmed] what BC returns for an item without a picture; the simulator answers 204 No Content.
        if (!media) return new Response(null, { status: 204 });
        return new Response(new Uint8Array(media.content), { status: 200, headers: { 'Content-Type': media.contentType, 'Content-Length': String(media.content.length) } });
      }
      throw notFoundSegment(rest[2]);
    }
    if (sub.name === 'itemVariants' && sub.key === null && rest.length === 2) {
      allow('GET');
      const rows = [...company.variants.values()].filter((v) => v.itemId === item.id) as unknown as Array<Record<string, unknown>>;
      return collection(url, req, root, `${ctxPrefix}/items(${item.id})/itemVariants`, rows, ITEM_VARIANT_SCHEMA, ctx, etagOf, () => ({}));
    }
    if (sub.name === 'itemCategory' && sub.key === null && rest.length === 2) {
      allow('GET');
      const category = company.categories.get(item.itemCategoryId);
      if (!category) throw new BcHttpError(404, 'Internal_RecordNotFound', 'The Item Category does not exist');
      return entity(url, root, `${ctxPrefix}/itemCategories/$entity`, category as unknown as Record<string, unknown>, ITEM_CATEGORY_SCHEMA, etagOf(category as unknown as Record<string, unknown>));
    }
    throw notFoundSegment(sub);
  }
  if (head.name === 'itemCategories' || head.name === 'itemVariants') {
    if (rest.length > 1) throw notFoundSegment(rest[1]);
    allow('GET');
    const schema = head.name === 'itemCategories' ? ITEM_CATEGORY_SCHEMA : ITEM_VARIANT_SCHEMA;
    const source = (head.name === 'itemCategories' ? [...company.categories.values()] : [...company.variants.values()]) as unknown as Array<Record<string, unknown>>;
    if (head.key !== null) {
      const row = source.find((r) => r.id === head.key);
      if (!row) throw new BcHttpError(404, 'Internal_RecordNotFound', `The ${schema.typeName} does not exist. Identification fields and values: SystemId='${head.key}'`);
      return entity(url, root, `${ctxPrefix}/${head.name}/$entity`, row, schema, etagOf(row));
    }
    return collection(url, req, root, `${ctxPrefix}/${head.name}`, source, schema, ctx, etagOf, () => ({}));
  }
  throw notFoundSegment(head);
}

function options(url: URL, schema: EntitySchema): QueryOptions {
  return parseQueryOptions(url.searchParams, schema, (nav) => SCHEMA_OF[nav]);
}

function selectSuffix(select: string[] | null): string {
  return select ? `(${select.join(',')})` : '';
}

function entity(url: URL, root: string, contextPath: string, row: Record<string, unknown>, schema: EntitySchema, etag: string | null, select?: string[] | null, expanded: Record<string, unknown> = {}): Response {
  const sel = select === undefined ? options(url, schema).select : select;
  return json(200, { '@odata.context': `${root}/$metadata#${contextPath}`, ...shapeRow(row, schema, etag, sel), ...expanded });
}

function collection(
  url: URL,
  req: Request,
  root: string,
  contextPath: string,
  rows: Array<Record<string, unknown>>,
  schema: EntitySchema,
  ctx: BcApiContext,
  etagOf: (row: Record<string, unknown>) => string | null,
  expandRow: (row: Record<string, unknown>, expand: ExpandOption[]) => Record<string, unknown>,
): Response {
  const opts = options(url, schema);
  const preferred = maxPageSizeFrom(req.headers.get('prefer'));
  const pageSize = Math.max(1, Math.min(preferred ?? ctx.maxPageSize, ctx.maxPageSize));
  const page = pageCollection(rows, schema, opts, pageSize, ctx.skipTokenTtlMs);
  const body: Record<string, unknown> = { '@odata.context': `${root}/$metadata#${contextPath}${selectSuffix(opts.select)}` };
  if (opts.count) body['@odata.count'] = page.total;
  body.value = page.rows.map((row) => ({ ...shapeRow(row, schema, etagOf(row), opts.select), ...expandRow(row, opts.expand) }));
  if (page.next) {
    const next = new URL(url.href);
    next.searchParams.delete('$skip');
    next.searchParams.delete('$skiptoken');
    if (page.next.top !== null) next.searchParams.set('$top', String(page.next.top));
    next.searchParams.set('$skiptoken', page.next.skipToken);
    body['@odata.nextLink'] = next.href.replace(/%24/g, '$');
  }
  const headers: Record<string, string> = preferred !== null ? { 'Preference-Applied': `odata.maxpagesize=${pageSize}` } : {};
  return json(200, body, headers);
}

function expandItem(item: SimItemRow, expand: ExpandOption[], company: SimCompanyData, companyUrl: string, ctx: BcApiContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of expand) {
    if (e.navigation === 'picture') out.picture = pictureEntity(ctx.store, company, item, PICTURE_SCHEMA, companyUrl, e.select);
    if (e.navigation === 'itemCategory') {
      const category = company.categories.get(item.itemCategoryId);
      out.itemCategory = category ? shapeRow(category as unknown as Record<string, unknown>, ITEM_CATEGORY_SCHEMA, ctx.store.etag(company, category.id), e.select) : null;
    }
    if (e.navigation === 'itemVariants') {
      out.itemVariants = [...company.variants.values()]
        .filter((v) => v.itemId === item.id)
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map((v) => shapeRow(v as unknown as Record<string, unknown>, ITEM_VARIANT_SCHEMA, ctx.store.etag(company, v.id), e.select));
    }
  }
  return out;
}

async function patchItem(req: Request, url: URL, root: string, ctxPrefix: string, item: SimItemRow, company: SimCompanyData, ctx: BcApiContext): Promise<Response> {
  const ifMatch = req.headers.get('if-match');
  if (!ifMatch) {
    throw new BcHttpError(400, 'BadRequest_InvalidToken', 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request');
  }
  if (ifMatch !== '*' && ifMatch !== ctx.store.etag(company, item.id)) {
    throw new BcHttpError(409, 'Request_EntityChanged', 'Another user has already changed the record');
  }
  let changes: Record<string, unknown>;
  try {
    changes = (await req.json()) as Record<string, unknown>;
  } catch {
    throw new BcHttpError(400, 'BadRequest', 'The request body is not valid JSON');
  }
  for (const key of Object.keys(changes)) {
    if (!(key in ITEM_SCHEMA.properties)) throw new BcHttpError(400, 'BadRequest', `The property '${key}' does not exist on type 'Microsoft.NAV.item'. Make sure to only use property names that are defined by the type`);
    if (!WRITABLE_ITEM_FIELDS.has(key)) throw new BcHttpError(400, 'Application_InvalidOperation', `The property '${key}' is read-only`);
  }
  const updated = ctx.store.upsertItem(company, item.number, changes as Partial<SimItemRow>);
  return entity(url, root, `${ctxPrefix}/items/$entity`, updated as unknown as Record<string, unknown>, ITEM_SCHEMA, ctx.store.etag(company, updated.id), null);
}
