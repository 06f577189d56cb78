import { type $Fetch, ofetch } from 'ofetch';
import { ConnectorError, isConnectorError } from '../../errors/ConnectorError';
import { logger } from '../../logging/logger';
import type { ErpConnectionInfo, ErpPage, ErpPicture, ErpSource } from '../erp/ErpSource';
import { BcApiClient } from './BcApiClient';
import { bcCollectionSchema, ITEM_SELECT, parseBcItem, PICTURE_SELECT } from './bcItemSchema';
import { type BcCompany, listCompanies, resolveCompany } from './companyResolver';
import { limiterFor } from './concurrencyLimiter';
import { decodeCursor, type DynamicsCursor, encodeCursor } from './dynamicsCursor';
import { type DynamicsConfig, type DynamicsConfigInput, defaultTokenUrl, dynamicsConfigSchema, environmentRoot } from './dynamicsConfig';
import { tokenProviderFor } from './EntraTokenProvider';
import { itemToProduct } from './itemToProduct';
import { VatMapping } from './vatMapping';

/**
 * Dynamics 365 Business Central (online, API v2.0) as an ERP source: items of one company, read in pages that
 * follow `@odata.nextLink` (server-driven paging, `Prefer: odata.maxpagesize`), either all of them or only those
 * with `lastModifiedDateTime` after a watermark. The cursor (JSON) carries the next link and the watermark, so a
 * crashed pull resumes where it stopped.
 */

/** A page plus what the next incremental pull needs. Extends ErpPage; callers that only know ErpPage ignore it. */
export interface DynamicsPage extends ErpPage {
  /**
   * Set on the last page of a scan: the cursor for the next incremental pull (items changed since this scan
   * began, minus `changeOverlapMs`). Store it and pass it to `fetchPage` next time instead of null.
   */
  changesCursor: string | null;
  /** Largest lastModifiedDateTime seen in this scan so far. */
  highWaterMark: string | null;
}

export interface DynamicsSourceDeps {
  /** HTTP client (ofetch instance); default `ofetch`. */
  http?: $Fetch;
}

const MAX_PAGE_SIZE = 20_000; // BC online's server-driven page cap (reference §5)
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export class DynamicsSource implements ErpSource {
  readonly kind = 'dynamics' as const;
  readonly config: DynamicsConfig;
  private readonly api: BcApiClient;
  private readonly vat: VatMapping;
  private company: Promise<BcCompany> | null = null;

  constructor(input: DynamicsConfigInput, deps: DynamicsSourceDeps = {}) {
    const parsed = dynamicsConfigSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConnectorError({ system: 'dynamics', code: 'CONFIGURATION', field: issue.path.join('.'), message: `Business Central setting '${issue.path.join('.')}': ${issue.message}` });
    }
    this.config = parsed.data;
    const http = deps.http ?? ofetch;
    const root = environmentRoot(this.config);
    const tokens = tokenProviderFor(
      {
        tokenUrl: this.config.tokenUrl ?? defaultTokenUrl(this.config.tenantId),
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        scope: this.config.scope,
        refreshMarginMs: this.config.tokenRefreshMarginMs,
        timeoutMs: this.config.requestTimeoutMs,
      },
      http,
    );
    const limiter = limiterFor(`${root}|${this.config.clientId.toLowerCase()}`, this.config.maxConcurrency);
    this.api = new BcApiClient(root, http, tokens, limiter, this.config.requestTimeoutMs);
    this.vat = new VatMapping(this.config.vatRates);
  }

  /** The configured company, looked up once per source. */
  resolveCompany(): Promise<BcCompany> {
    this.company ??= resolveCompany(this.api, this.config.company).catch((err: unknown) => {
      this.company = null;
      throw err;
    });
    return this.company;
  }

  /** A cursor for an incremental pull of items changed after `sinceIso` (e.g. a stored high-water mark). */
  async changesSince(sinceIso: string): Promise<string> {
    if (Number.isNaN(Date.parse(sinceIso))) {
      throw new ConnectorError({ system: 'dynamics', code: 'CONFIGURATION', message: `Not an ISO date-time: '${sinceIso}'` });
    }
    const company = await this.resolveCompany();
    return encodeCursor({ v: 1, kind: 'dynamics.items', companyId: company.id, mode: 'changes', since: new Date(sinceIso).toISOString(), nextLink: null, scanStartedAt: null, highWater: null });
  }

  private firstPageUrl(state: DynamicsCursor): string {
    const parts = [`$select=${ITEM_SELECT.join(',')}`];
    if (this.config.includePictures) parts.push(`$expand=picture(${encodeURIComponent(`$select=${PICTURE_SELECT.join(',')}`)})`);
    if (state.mode === 'changes' && state.since) {
      // Datetimes are unquoted in BC filters (reference §5); the documented delta-load pattern orders by the same field.
      parts.push(`$filter=${encodeURIComponent(`lastModifiedDateTime gt ${state.since}`)}`);
      parts.push(`$orderby=${encodeURIComponent('lastModifiedDateTime asc')}`);
    }
    return `companies(${state.companyId})/items?${parts.join('&')}`;
  }

  async fetchPage(cursor: string | null, pageSize: number): Promise<DynamicsPage> {
    const company = await this.resolveCompany();
    const state: DynamicsCursor = cursor
      ? decodeCursor(cursor)
      : { v: 1, kind: 'dynamics.items', companyId: company.id, mode: 'full', since: null, nextLink: null, scanStartedAt: null, highWater: null };
    if (state.companyId.toLowerCase() !== company.id.toLowerCase()) {
      throw new ConnectorError({ system: 'dynamics', code: 'CONFIGURATION', field: 'company', message: `The cursor belongs to company ${state.companyId}, but the source is configured for '${company.name}' (${company.id})` });
    }
    const prefer = `odata.maxpagesize=${Math.max(1, Math.min(Math.floor(pageSize), MAX_PAGE_SIZE))}`;
    const what = state.mode === 'full' ? 'GET items' : `GET items changed since ${state.since}`;
    let res;
    try {
      res = await this.api.getJson<unknown>(state.nextLink ?? this.firstPageUrl(state), what, prefer);
    } catch (err) {
      // A skip token the server no longer honours: restart the scan (reference §5, [secondhand] code name).
      if (!(isConnectorError(err) && state.nextLink && err.remoteCode === 'SkipTokenIsNoLongerValid')) throw err;
      logger.warn('dynamics: skip token no longer valid, restarting the scan', { mode: state.mode, since: state.since });
      res = await this.api.getJson<unknown>(this.firstPageUrl(state), what, prefer);
    }
    const page = bcCollectionSchema.safeParse(res.body);
    if (!page.success) {
      throw new ConnectorError({ system: 'dynamics', code: 'PROTOCOL', message: `Business Central ${what}: the answer is not an OData collection (${page.error.issues[0].message})` });
    }
    const items = page.data.value.map(parseBcItem);
    const products = items.map((item) => itemToProduct(item, { currency: this.config.currency, vat: this.vat }));
    let highWater = state.highWater;
    for (const item of items) highWater = laterOf(highWater, new Date(item.lastModifiedDateTime).toISOString());
    const serverDate = Date.parse(res.headers.get('date') ?? '');
    const scanStartedAt = state.scanStartedAt ?? new Date(Number.isNaN(serverDate) ? Date.now() : serverDate).toISOString();
    const nextLink = page.data['@odata.nextLink'] ?? null;
    if (nextLink) {
      const next: DynamicsCursor = { ...state, nextLink, scanStartedAt, highWater };
      return { products, nextCursor: encodeCursor(next), changesCursor: null, highWaterMark: highWater };
    }
    const since = new Date(Date.parse(scanStartedAt) - this.config.changeOverlapMs).toISOString();
    const changes: DynamicsCursor = { v: 1, kind: 'dynamics.items', companyId: state.companyId, mode: 'changes', since, nextLink: null, scanStartedAt: null, highWater: null };
    return { products, nextCursor: null, changesCursor: encodeCursor(changes), highWaterMark: highWater };
  }

  async fetchPicture(productExternalId: string, pictureExternalId: string): Promise<ErpPicture> {
    if (!GUID.test(productExternalId)) {
      throw new ConnectorError({ system: 'dynamics', code: 'NOT_FOUND', message: `'${productExternalId}' is not a Business Central item id` });
    }
    const company = await this.resolveCompany();
    const itemPath = `companies(${company.id})/items(${productExternalId})`;
    const meta = await this.api.getJson<Record<string, unknown>>(`${itemPath}/picture`, `GET picture of item ${productExternalId}`);
    const contentType = typeof meta.body.contentType === 'string' ? meta.body.contentType : '';
    if (!contentType || meta.body.width === 0) {
      throw new ConnectorError({ system: 'dynamics', code: 'NOT_FOUND', message: `Business Central item ${productExternalId} has no picture (any more)` });
    }
    // Doc examples name the annotation pictureContent@…; an older one content@… (reference §3.5): accept both.
    const link = meta.body['pictureContent@odata.mediaReadLink'] ?? meta.body['content@odata.mediaReadLink'];
    const bytes = await this.api.getBytes(typeof link === 'string' ? link : `${itemPath}/picture/pictureContent`, `GET picture content of item ${productExternalId}`);
    if (bytes.status === 204 || bytes.body.length === 0) {
      throw new ConnectorError({ system: 'dynamics', code: 'NOT_FOUND', message: `Business Central item ${productExternalId} has no picture content` });
    }
    const headerType = bytes.headers.get('content-type')?.split(';')[0].trim();
    const id = typeof meta.body.id === 'string' ? meta.body.id : pictureExternalId;
    return { externalId: id, contentType: headerType && headerType !== 'application/octet-stream' ? headerType : contentType, data: bytes.body };
  }

  /** Item count: `$count=true` when the server honours it ([unconfirmed] for BC), else by paging ids. */
  private async countItems(companyId: string): Promise<number> {
    type IdPage = { value?: unknown[]; '@odata.count'?: unknown; '@odata.nextLink'?: string };
    const prefer = `odata.maxpagesize=${MAX_PAGE_SIZE}`;
    let first: IdPage;
    try {
      first = (await this.api.getJson<IdPage>(`companies(${companyId})/items?$select=id&$count=true`, 'count items', prefer)).body;
      if (typeof first['@odata.count'] === 'number') return first['@odata.count'];
    } catch (err) {
      if (!(isConnectorError(err) && err.status === 400)) throw err;
      first = (await this.api.getJson<IdPage>(`companies(${companyId})/items?$select=id`, 'count items', prefer)).body;
    }
    let count = first.value?.length ?? 0;
    let next = first['@odata.nextLink'];
    while (next) {
      const page = await this.api.getJson<IdPage>(next, 'count items', prefer);
      count += page.body.value?.length ?? 0;
      next = page.body['@odata.nextLink'];
    }
    return count;
  }

  async testConnection(): Promise<ErpConnectionInfo> {
    const company = await this.resolveCompany();
    const itemCount = await this.countItems(company.id);
    // Every company of the environment, for the admin choosing the `company` setting.
    const companies = (await listCompanies(this.api)).map((c) => ({ id: c.id, name: c.name, displayName: c.displayName ?? null }));
    return {
      ok: true,
      system: 'dynamics',
      description: `Business Central company '${company.name}' in environment '${this.config.environment}' (${itemCount} items)`,
      details: {
        tenantId: this.config.tenantId,
        environment: this.config.environment,
        companyId: company.id,
        companyName: company.name,
        systemVersion: company.systemVersion ?? null,
        itemCount,
        companies,
      },
    };
  }

  async close(): Promise<void> {
    // Nothing to release: HTTP connections are pooled by Node, tokens stay cached for other sources.
  }
}
