import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../projectRoot';
import { parseNetworks } from '../net/outboundPolicy';
import { loadOrCreateDevSecrets } from './devSecrets';

/**
 * The one place the environment is read. `loadConfig()` validates everything at start; a bad or missing
 * setting fails with a message that names the variable. Every variable is documented in `.env.example`.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);
const optionalString = z.string().min(1).optional();
/** Comma separated, trimmed, lower-cased; blank = empty list. */
const csvList = z
  .string()
  .default('')
  .transform((raw) => raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));

/** `kid:base64-of-32-bytes`, comma separated; the first key encrypts, all of them decrypt. */
const encryptionKeys = z
  .string()
  .min(1)
  .transform((raw, ctx) => {
    const keys: { id: string; key: Buffer }[] = [];
    for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(part);
      const key = m ? Buffer.from(m[2], 'base64') : null;
      if (!m || !key || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'expected "keyId:base64" entries with a 32-byte key, comma separated' });
        return z.NEVER;
      }
      keys.push({ id: m[1], key });
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one key is required' });
      return z.NEVER;
    }
    return keys;
  });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  FRONTEND_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, '.data')),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_SSL: bool.default(false),
  EMBEDDED_PG_PORT: port.default(54329),

  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'expected host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('ppm-sync'),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: optionalString,
  TEMPORAL_TLS_KEY_PATH: optionalString,
  TEMPORAL_TLS_CA_PATH: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_DEV_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalString,
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(50),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).max(1000).default(40),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  // Workflow runs kept in the worker's sticky cache (their state lives in the workflow thread's V8 heap). The SDK's
  // default scales with the heap limit (~2,300 on a 4 GB limit), which lets an idle worker keep hundreds of MB of
  // finished-looking jobs; an evicted run is rebuilt by replaying its (bounded) history, so 250 costs little.
  // At least WORKER_MAX_CONCURRENT_WORKFLOW_TASKS.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(10_000).default(250),

  // --- observability (src/observability) ---
  /**
   * Who may read GET /metrics on the API port: `loopback` (callers on this machine only, the default), `open`
   * (anyone who reaches the port: only behind a network you trust) or `off`. Scrapers should use METRICS_PORT.
   */
  METRICS_ON_API_PORT: z.enum(['loopback', 'open', 'off']).default('loopback'),
  /** A separate, unauthenticated listener for GET /metrics (`ppm api`, `ppm start`); unset = none. */
  METRICS_PORT: port.optional(),
  /** The `ppm worker` process's GET /metrics listener (it has no HTTP API); unset = none. */
  WORKER_METRICS_PORT: port.optional(),
  /** Address the metrics listeners bind (default: HOST). Use 0.0.0.0 in a container a Prometheus scrapes. */
  METRICS_HOST: z.string().min(1).optional(),
  /**
   * Port on 127.0.0.1 where the Temporal SDK runtime exposes its own worker metrics (task slots, schedule-to-start
   * latency, task failures); /metrics of the same process includes them. Unset = the SDK's metrics are off.
   */
  TEMPORAL_METRICS_PORT: port.optional(),
  /** OTLP/HTTP traces endpoint (e.g. http://collector:4318); unset = tracing off. OTEL_SERVICE_NAME names the process. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('ppm-sync'),
  /** Minutes without progress after which a running job counts as stuck in GET /api/v1/reports/health. */
  HEALTH_STUCK_MINUTES: z.coerce.number().int().min(1).default(15),

  ENCRYPTION_KEY: encryptionKeys.optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),

  // --- sign-in and sessions (src/auth) ---
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  ALLOWED_GOOGLE_DOMAINS: csvList,
  ENTRA_CLIENT_ID: optionalString,
  ENTRA_CLIENT_SECRET: optionalString,
  /** A tenant id (single-tenant app) or `organizations` (any work account; ALLOWED_ENTRA_TENANTS still applies). */
  ENTRA_TENANT: z.string().min(1).default('organizations'),
  ALLOWED_ENTRA_TENANTS: csvList,
  ADMIN_EMAILS: csvList,
  MANAGER_EMAILS: csvList,
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Seconds after a refresh during which the same (used) refresh token gets the same successor (two tabs). */
  /** Longest lifetime of an admin service token (API and CLI). */
  SERVICE_TOKEN_ADMIN_MAX_DAYS: z.coerce.number().int().min(1).max(730).default(30),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /**
   * Development sign-in (any email; new users pick user or manager, admin only by ADMIN_EMAILS). Refused when
   * NODE_ENV=production. Unset: on only for the `ppm start` demo (NODE_ENV=development, API on loopback); `ppm
   * api` / `ppm worker` never enable it unless DEV_LOGIN=true. Requests are refused unless both the TCP peer and
   * the Host header are loopback.
   */
  DEV_LOGIN: bool.optional(),

  /**
   * Internal networks admin-set endpoints may point at (CIDRs or addresses, comma separated): shops, Business
   * Central URLs, the Subiekt SQL Server. Unset: loopback (127.0.0.0/8, ::1) in development (the simulators),
   * nothing otherwise. Everything public is always allowed.
   */
  OUTBOUND_ALLOWED_NETWORKS: z.string().optional(),

  // --- catalogue API ---
  /** Writes to a product (PATCH, DELETE, PUT …/shops/{shopId}) without If-Match get 428 (false: allowed, unchecked). */
  PRODUCT_WRITES_REQUIRE_IF_MATCH: bool.default(true),

  // --- job limits and retention (src/jobs) ---
  /** Most products a bulk or export job may select (by ids or by filter); larger requests get 422. */
  BULK_MAX_SELECTION: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  /** Most running sync jobs per user or service token; more get 429. */
  JOBS_MAX_RUNNING_PER_PRINCIPAL: z.coerce.number().int().min(1).default(20),
  /** Days job data (selections, plans, export snapshots, failures, undo logs) is kept; ≥ 8 (longest job: 7 days). */
  JOB_RETENTION_DAYS: z.coerce.number().int().min(8).default(30),
  /** How often workers sweep old job data and spent refresh tokens (minutes; 0 = never). */
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(0).default(60),

  // --- Catalogue (src/catalog) ---
  /** The catalogue's default language: products' central texts are in it, and shops fall back to it. */
  CATALOG_DEFAULT_LANGUAGE: z.string().regex(/^[a-z]{2,3}$/, 'a language code such as pl').default('pl'),
  /** Largest image upload in bytes (larger: 413). The upload route's body limit follows it. */
  IMAGE_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Most rows one POST /products/import takes (more: 422, split the file); above IMPORT_INLINE_MAX_ROWS it runs as a job. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(50_000),
  /** Files with more rows than this are imported by a job (202 + job id) instead of within the request. */
  IMPORT_INLINE_MAX_ROWS: z.coerce.number().int().min(0).max(100_000).default(1000),
  /** Rows an import job imports per activity (its progress moves per chunk). */
  IMPORT_JOB_CHUNK_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Largest import file in bytes (larger: 413). The import route's body limit follows it. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Most products one mass edit may select; more: 422. */
  MASS_EDIT_MAX_PRODUCTS: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** A confirm of a preview selecting more products than this runs as a job (202 + job id). */
  MASS_EDIT_INLINE_MAX_PRODUCTS: z.coerce.number().int().min(0).max(100_000).default(1000),
  /** Minutes a mass edit preview's confirm token stays valid. */
  MASS_EDIT_PREVIEW_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  /** Days the product audit trail (product_changes) is kept; the worker's retention sweep deletes older rows (0 = keep forever). */
  PRODUCT_CHANGES_RETENTION_DAYS: z.coerce.number().int().min(0).default(365),
  /** Largest image width or height in pixels (larger: 413). */
  IMAGE_MAX_DIMENSION: z.coerce.number().int().min(16).max(65_535).default(8000),

  // --- HTTP hardening (src/api/middleware) ---
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(1200),
  /** Stricter per-IP budget for the sign-in, refresh and logout routes. */
  RATE_LIMIT_AUTH_PER_IP: z.coerce.number().int().min(1).default(60),
  /**
   * How many reverse proxies you run in front of the API (0: none, the TCP peer is the client). With N, the
   * client address is the N-th X-Forwarded-For entry from the right (entries left of it are client-controlled).
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Replaced by TRUST_PROXY_HOPS (the old setting trusted the client-controlled first entry); refused if set. */
  TRUST_PROXY: z.string().optional(),
  /** Most budgets each rate limiter tracks at once (bounded memory; oldest dropped first when full). */
  RATE_LIMIT_MAX_KEYS: z.coerce.number().int().min(100).default(100_000),

  // --- GraphQL endpoint (src/graphql) ---
  /** Deepest selection nesting a GraphQL operation may have (deeper: 422 QUERY_TOO_DEEP). */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  /** Highest estimated cost of a GraphQL operation (each field 1, a page multiplies its fields by `first`; higher: 422 QUERY_TOO_COSTLY). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).max(10_000_000).default(20_000),
  /** Largest `first` of a GraphQL connection (page size). */
  GRAPHQL_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(200).default(100),
  /** Schema introspection: default on except with NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: bool.optional(),
  /**
   * Production allow-list: operation names (comma separated) the endpoint runs; anything else (other names,
   * anonymous operations) is refused with 422 OPERATION_NOT_ALLOWED. Unset = any operation.
   */
  GRAPHQL_ALLOWED_OPERATIONS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = names.filter((n) => !/^[_A-Za-z][_0-9A-Za-z]*$/.test(n));
      if (bad.length || !names.length) {
        ctx.addIssue({ code: 'custom', message: `expected GraphQL operation names, comma separated${bad.length ? `; not names: ${bad.join(', ')}` : ''}` });
        return z.NEVER;
      }
      return names;
    }),

  // --- `npm run demo` (src/demo): its simulators' ports and size ---
  /** Ports of the demo's two simulated PrestaShop shops (pl+en on 8.2, pl+de on 1.7.8). */
  DEMO_SHOP_PORTS: z
    .string()
    .default('8081,8082')
    .transform((raw, ctx) => {
      const ports = raw.split(',').map((s) => Number(s.trim()));
      if (ports.length !== 2 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
        ctx.addIssue({ code: 'custom', message: 'expected two TCP ports, comma separated (e.g. 8081,8082)' });
        return z.NEVER;
      }
      return ports as [number, number];
    }),
  /** Port of the demo's Subiekt GT (SQL Server) simulator. */
  DEMO_SUBIEKT_PORT: port.default(1433),
  /** Products in the demo's Subiekt GT database. */
  DEMO_PRODUCTS: z.coerce.number().int().min(10).max(200_000).default(5000),
});

export type RawConfig = z.infer<typeof schema>;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export type Config = Omit<RawConfig, 'ENCRYPTION_KEY' | 'JWT_SECRET' | 'LOG_FORMAT' | 'DEV_LOGIN' | 'OUTBOUND_ALLOWED_NETWORKS' | 'GRAPHQL_INTROSPECTION'> & {
  /** Resolved: GRAPHQL_INTROSPECTION, or on unless NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: boolean;
  OUTBOUND_ALLOWED_NETWORKS: string[];
  /** True only when DEV_LOGIN=true was given explicitly (or `ppm start` / the demo turned the default on: withDemoDevLogin). */
  DEV_LOGIN: boolean;
  /** Whether DEV_LOGIN was set at all (false = the process decides its default). */
  devLoginExplicit: boolean;
  LOG_FORMAT: 'json' | 'pretty';
  ENCRYPTION_KEY: { id: string; key: Buffer }[];
  JWT_SECRET: string;
  isProduction: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const REQUIRED_IN_PRODUCTION = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ENCRYPTION_KEY', 'JWT_SECRET'] as const;

/** Parses and validates `env` (default: process.env). Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const isProduction = c.NODE_ENV === 'production';
  if (isProduction) {
    const missing = REQUIRED_IN_PRODUCTION.filter((k) => c[k] === undefined);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required when NODE_ENV=production`));
  }
  if (c.TRUST_PROXY !== undefined) {
    throw new ConfigError(['TRUST_PROXY: replaced by TRUST_PROXY_HOPS (the number of reverse proxies you run in front of the API, e.g. 1)']);
  }
  const authProblems = signInProblems(c, isProduction);
  if (authProblems.length) throw new ConfigError(authProblems);
  if (c.TEMPORAL_TLS_CERT_PATH && !c.TEMPORAL_TLS_KEY_PATH) {
    throw new ConfigError(['TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)']);
  }
  const outbound = c.OUTBOUND_ALLOWED_NETWORKS !== undefined
    ? c.OUTBOUND_ALLOWED_NETWORKS.split(',').map((s) => s.trim()).filter(Boolean)
    : c.NODE_ENV === 'development'
      ? ['127.0.0.0/8', '::1']
      : [];
  try {
    parseNetworks(outbound);
  } catch (e) {
    throw new ConfigError([`OUTBOUND_ALLOWED_NETWORKS: ${(e as Error).message}`]);
  }
  const dev = isProduction ? null : loadOrCreateDevSecrets(c.DATA_DIR);
  const devKeys = dev ? encryptionKeys.parse(dev.ENCRYPTION_KEY) : [];
  return {
    ...c,
    LOG_FORMAT: c.LOG_FORMAT ?? (isProduction ? 'json' : 'pretty'),
    OUTBOUND_ALLOWED_NETWORKS: outbound,
    ENCRYPTION_KEY: c.ENCRYPTION_KEY ?? devKeys,
    JWT_SECRET: c.JWT_SECRET ?? dev!.JWT_SECRET,
    DEV_LOGIN: c.DEV_LOGIN === true && !isProduction,
    GRAPHQL_INTROSPECTION: c.GRAPHQL_INTROSPECTION ?? !isProduction,
    devLoginExplicit: c.DEV_LOGIN !== undefined,
    isProduction,
  };
}

/**
 * `ppm start` and `ppm demo` (`npm run demo`), the local demos, only: with DEV_LOGIN unset, the development sign-in is on for NODE_ENV=development
 * with the API bound to loopback. `ppm api` and `ppm worker` never call this, so they need DEV_LOGIN=true.
 */
export function withDemoDevLogin(config: Config): Config {
  if (config.devLoginExplicit || config.isProduction) return config;
  return { ...config, DEV_LOGIN: config.NODE_ENV === 'development' && LOOPBACK_HOSTS.includes(config.HOST) };
}

/** Sign-in rules: a configured provider needs its secret and an allow-list; no development sign-in in production. */
function signInProblems(c: RawConfig, isProduction: boolean): string[] {
  const problems: string[] = [];
  if (isProduction && c.DEV_LOGIN) problems.push('DEV_LOGIN: the development sign-in can never be enabled when NODE_ENV=production');
  if (c.GOOGLE_CLIENT_ID) {
    if (!c.GOOGLE_CLIENT_SECRET) problems.push('GOOGLE_CLIENT_SECRET: required when GOOGLE_CLIENT_ID is set');
    if (!c.ALLOWED_GOOGLE_DOMAINS.length) problems.push('ALLOWED_GOOGLE_DOMAINS: required when GOOGLE_CLIENT_ID is set (who may sign in)');
  }
  if (c.ENTRA_CLIENT_ID) {
    if (!c.ENTRA_CLIENT_SECRET) problems.push('ENTRA_CLIENT_SECRET: required when ENTRA_CLIENT_ID is set');
    if (!c.ALLOWED_ENTRA_TENANTS.length) problems.push('ALLOWED_ENTRA_TENANTS: required when ENTRA_CLIENT_ID is set (who may sign in)');
  }
  if (isProduction && (c.GOOGLE_CLIENT_ID || c.ENTRA_CLIENT_ID) && !c.PUBLIC_URL) {
    problems.push('PUBLIC_URL: required in production when a sign-in provider is configured (OAuth callback URL)');
  }
  return problems;
}

const apiClientSchema = z.object({
  PPM_API_URL: z.url().default('http://127.0.0.1:3000'),
  PPM_TOKEN: optionalString,
});

/** What the `ppm jobs|sync|pull` client commands read: the API's URL and a bearer token (flags override them). */
export type ApiClientSettings = z.infer<typeof apiClientSchema>;

/** The client commands' settings only (no server secrets, nothing written under DATA_DIR). */
export function loadApiClientSettings(env: NodeJS.ProcessEnv = process.env): ApiClientSettings {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = apiClientSchema.safeParse(blankless);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data;
}
