import { OpenAPIHono, z } from '@hono/zod-openapi';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { apiRoute } from '../openapi/apiRoute';
import { listAndGetRoutes } from '../openapi/listAndGetRoutes';
import { DbId, IdParam, propertyNames } from '../openapi/params';
import { audit } from '../../auth/audit';
import { ERP_CATEGORIES_OWNERSHIP } from '../../erpPull/erpGroupCategories';
import { ERP_OWNABLE_COLUMNS, type ErpOwnableField } from '../../catalog/erpOwnedFields';
import type { SecretBox } from '../../crypto/secretBox';
import { ErpSourceRecord } from '../../db/models/ErpSourceRecord';
import { encryptErpCredentials } from '../../erpPull/erpCredentials';
import { startErpPull } from '../../erpPull/startErpPull';
import { erpPullWorkflowId } from '../../../workflows/erpPullIds';
import { erpEndpoint, erpEndpointHosts, sameErpEndpoint } from '../../erpPull/erpEndpoint';
import type { OutboundPolicy } from '../../net/outboundPolicy';
import { assertOutboundAllowed } from './outboundCheck';
import { credentialsRequired, updateAuditDetails } from './endpointChange';
import { throwNameTaken } from './nameTaken';
import { ERP_KINDS, type ErpKind } from '../../connectors/erp/erpKind';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { JobAcceptedSchema } from './productSync';

/** Setting names that look like secrets: they belong in `credentials` (encrypted), never in plaintext settings. */
const SECRET_LOOKING = /(password|passwd|secret|token|api[-_]?key|credential|private[-_]?key)/i;

/** Setting names that look secret but are not (endpoints, checked by the outbound policy). */
const NOT_SECRET = new Set(['tokenUrl']);
/** SECRET_LOOKING without the i flag, for the OpenAPI document (JSON Schema patterns have no flags). */
const SECRET_LOOKING_ANY_CASE = SECRET_LOOKING.source.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);
const Settings = z
  .record(z.string().min(1).max(64), z.unknown())
  .refine((s) => !Object.keys(s).some((k) => SECRET_LOOKING.test(k) && !NOT_SECRET.has(k)), { message: 'secrets go in "credentials" (encrypted), not in settings' })
  .openapi(propertyNames({ minLength: 1, maxLength: 64, anyOf: [{ enum: [...NOT_SECRET] }, { not: { pattern: SECRET_LOOKING_ANY_CASE } }] }));
const Credentials = z
  .record(z.string().min(1).max(64), z.string().max(4000))
  .openapi(propertyNames({ minLength: 1, maxLength: 64 }, { description: 'write-only, e.g. { "user": "...", "password": "..." } or { "clientSecret": "..." }' }));
const Ownership = z
  .array(z.enum([ERP_CATEGORIES_OWNERSHIP, ...(Object.keys(ERP_OWNABLE_COLUMNS) as ErpOwnableField[])] as [string, ...string[]]))
  .max(32)
  .openapi({ description: 'fields the ERP owns; "categories" = the ERP group decides the product\'s category' });

export const ErpSourceSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.enum(ERP_KINDS),
    settings: z.record(z.string(), z.unknown()),
    credentialsHint: z.string().nullable().openapi({ description: 'masked; credentials are write-only' }),
    fieldOwnership: z.array(z.string()),
    categoryParentId: z.number().nullable().openapi({ description: 'the central category ERP groups are placed under (created on first pull when unset)' }),
    active: z.boolean(),
    lastPullAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ErpSource');
const Writable = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(ERP_KINDS),
  settings: Settings.optional(),
  credentials: Credentials.nullable().optional(),
  fieldOwnership: Ownership.optional(),
  categoryParentId: DbId.nullable().optional(),
  active: z.boolean().optional(),
});
const PullBody = z
  .object({
    mode: z.enum(['auto', 'full', 'incremental']).default('auto'),
    pageSize: z.number().int().min(1).max(1000).optional(),
    syncChangedToShops: z.boolean().default(false),
  })
  .strict()
  .openapi('ErpPullRequest');

/** The parent for ERP group categories must exist (422 naming the field otherwise). */
async function assertCategoryExists(id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  const [rows] = await ErpSourceRecord.sequelize!.query(`SELECT 1 FROM categories WHERE id = $1`, { bind: [id] });
  if (!rows.length) throw new ApiError(422, 'UNKNOWN_CATEGORY', `No category with id ${id}`, { field: 'categoryParentId' });
}

function view(s: ErpSourceRecord) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    settings: s.settings,
    credentialsHint: s.credentialsHint,
    fieldOwnership: s.fieldOwnership,
    categoryParentId: s.categoryParentId ?? null,
    active: s.active,
    lastPullAt: s.lastPullAt ? s.lastPullAt.toISOString() : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/**
 * The hint shown for stored credentials: a mask and which fields are set, never any character of a secret (an
 * ERP password is short and reused; even its last four characters narrow a guess).
 */
/** Which credential fields are stored, never their values; the count alone when the names overflow the column (32). */
function credentialsHint(creds: Record<string, string>): string {
  const names = `•••• (${Object.keys(creds).sort().join(', ')})`;
  return names.length <= 32 ? names : `•••• (${Object.keys(creds).length} fields)`;
}

const nameTaken = (name: string | undefined) => (e: unknown) => throwNameTaken(e, `An ERP source is already named "${name}"`);
const sourceNotFound = () => new ApiError(404, 'ERP_SOURCE_NOT_FOUND', 'No such ERP source');

/** ERP sources (admin): Subiekt GT / Dynamics BC connections. Credentials are encrypted and never returned. */
export interface ErpSourceRoutesDeps {
  secretBox: SecretBox;
  outbound: OutboundPolicy;
  temporal: Client;
  taskQueue: string;
}

/** Whether the source's pull workflow is running now (a start then joins it instead of starting another). */
async function pullRunning(temporal: Client, sourceId: number): Promise<boolean> {
  try {
    return (await temporal.workflow.getHandle(erpPullWorkflowId(sourceId)).describe()).status.name === 'RUNNING';
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return false;
    throw e;
  }
}

const erpSourceReads = listAndGetRoutes({
  tag: 'erp sources',
  role: 'manager',
  schema: ErpSourceSchema,
  list: { summary: 'All ERP sources (managers too, to choose targets; secrets are never shown)', description: 'sources' },
  get: { summary: 'One ERP source (managers too; secrets are never shown)', description: 'source', notFound: 'no such source' },
});

const createErpSourceRoute = apiRoute({
  method: 'post',
  path: '/',
  tags: ['erp sources'],
  summary: 'Register an ERP source (credentials are write-only)',
  middleware: [requireRole('admin')] as const,
  request: { body: { content: { 'application/json': { schema: Writable.strict() } }, required: true } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: ErpSourceSchema } } },
    422: errorResponse('an endpoint setting points at an internal address the operator has not allowed (OUTBOUND_REFUSED), or an unknown categoryParentId'),
    409: errorResponse('name taken'),
  },
});

const updateErpSourceRoute = apiRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['erp sources'],
  summary:
    'Change an ERP source; send credentials only to replace them (null removes them). Changing a setting that decides where they are sent (server, port, instanceName, encrypt, trustServerCertificate; tenantId, tokenUrl, apiBaseUrl, scope) needs them again',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: Writable.omit({ kind: true }).partial().strict() } }, required: true } },
  responses: {
    200: { description: 'updated', content: { 'application/json': { schema: ErpSourceSchema } } },
    422: errorResponse('endpoint settings changed without credentials (CREDENTIALS_REQUIRED), point at an internal address (OUTBOUND_REFUSED), or an unknown categoryParentId'),
    404: errorResponse('no such source'),
    409: errorResponse('name taken'),
  },
});

const deleteErpSourceRoute = apiRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['erp sources'],
  summary: 'Remove an ERP source (products keep their data; their source link is cleared)',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'deleted' }, 404: errorResponse('no such source') },
});

const pullErpSourceRoute = apiRoute({
  method: 'post',
  path: '/{id}/pull',
  tags: ['erp sources'],
  summary: 'Pull the source now (one erpPullWorkflow per source; joins a pull already running)',
  description:
    'Starts `erpPullWorkflow` as job `erp-pull:{id}` and answers at once; follow it at `statusUrl` (GET /api/v1/jobs/{jobId}). ' +
    'While a pull of the source runs (started here or by a schedule) the answer is that job with `created: false`.',
  // Admin, like reading ERP pull jobs (connector errors name hosts and settings: src/jobs/jobAccess.ts).
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: PullBody } }, required: true } },
  responses: {
    202: { description: 'started (created: true) or already running (created: false)', content: { 'application/json': { schema: JobAcceptedSchema } } },
    404: errorResponse('no such source'),
    409: errorResponse('the source is inactive (ERP_SOURCE_INACTIVE)'),
  },
});

export function erpSourceRoutes(deps: ErpSourceRoutesDeps) {
  const app = new OpenAPIHono<AppEnv>();
  type Binding = { id: number; kind: ErpKind; settings: Record<string, unknown> | null };
  const seal = (source: Binding, creds: Record<string, string> | null) =>
    creds ? { credentialsEncrypted: encryptErpCredentials(deps.secretBox, source, creds), credentialsHint: credentialsHint(creds) } : { credentialsEncrypted: null, credentialsHint: null };

  app.openapi(
    erpSourceReads.list,
    async (c) => c.json({ items: (await ErpSourceRecord.findAll({ order: [['id', 'ASC']] })).map(view) }, 200),
  );

  app.openapi(
    erpSourceReads.get,
    async (c) => {
      const s = await ErpSourceRecord.findByPk(c.req.valid('param').id);
      if (!s) throw sourceNotFound();
      return c.json(view(s), 200);
    },
  );

  app.openapi(
    createErpSourceRoute,
    async (c) => {
      const { credentials, ...rest } = c.req.valid('json');
      await assertCategoryExists(rest.categoryParentId);
      assertOutboundAllowed(deps.outbound, erpEndpointHosts(rest.kind, { ...rest.settings, ...credentials }), 'settings');
      const src = await ErpSourceRecord.sequelize!.transaction(async (transaction) => {
        const s = await ErpSourceRecord.create({ ...rest, credentialsEncrypted: null, credentialsHint: null, lastPullAt: null }, { transaction }).catch(nameTaken(rest.name));
        return s.update(seal(s, credentials ?? null), { transaction });
      });
      await audit(c.get('principal'), 'erp_source.create', `erp_source:${src.id}`, { name: src.name, kind: src.kind });
      return c.json(view(src), 201);
    },
  );

  app.openapi(
    updateErpSourceRoute,
    async (c) => {
      const s = await ErpSourceRecord.findByPk(c.req.valid('param').id);
      if (!s) throw sourceNotFound();
      const { credentials, ...rest } = c.req.valid('json');
      await assertCategoryExists(rest.categoryParentId);
      const oldEndpoint = erpEndpoint(s.kind, s.settings);
      const newSettings = rest.settings ?? s.settings;
      const newEndpoint = erpEndpoint(s.kind, newSettings);
      const moved = sameErpEndpoint(oldEndpoint, newEndpoint) ? null : { from: oldEndpoint, to: newEndpoint };
      if (moved || credentials) assertOutboundAllowed(deps.outbound, erpEndpointHosts(s.kind, { ...newSettings, ...credentials }), 'settings');
      if (moved && credentials === undefined && s.credentialsEncrypted) {
        throw credentialsRequired('credentials', 'Changing where the credentials are sent needs them again (stored credentials are never sent to a new endpoint)');
      }
      // New settings or credentials may point at another server/company: the stored change cursor belongs to the
      // old connection, so the next pull is a full scan.
      const connectionChanged = rest.settings !== undefined || credentials !== undefined;
      await s
        .update({
          ...rest,
          ...(credentials === undefined ? {} : seal({ id: s.id, kind: s.kind, settings: newSettings }, credentials)),
          ...(connectionChanged ? { changesCursor: null } : {}),
        })
        .catch(nameTaken(rest.name));
      await audit(c.get('principal'), 'erp_source.update', `erp_source:${s.id}`, updateAuditDetails(c.req.valid('json'), moved));
      return c.json(view(s), 200);
    },
  );

  app.openapi(
    deleteErpSourceRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const n = await ErpSourceRecord.destroy({ where: { id } });
      if (!n) throw sourceNotFound();
      await audit(c.get('principal'), 'erp_source.delete', `erp_source:${id}`);
      return c.body(null, 204);
    },
  );
  app.openapi(
    pullErpSourceRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const s = await ErpSourceRecord.findByPk(id);
      if (!s) throw sourceNotFound();
      if (!s.active) throw new ApiError(409, 'ERP_SOURCE_INACTIVE', `ERP source ${id} is inactive; activate it before pulling`);
      const running = await pullRunning(deps.temporal, id);
      const { workflowId } = await startErpPull(deps.temporal, deps.taskQueue, { sourceId: id, sourceName: s.name, ...body });
      if (!running) await audit(c.get('principal'), 'erp_source.pull', `erp_source:${id}`, { mode: body.mode });
      const statusUrl = `/api/v1/jobs/${encodeURIComponent(workflowId)}`;
      c.header('Location', statusUrl);
      return c.json({ jobId: workflowId, statusUrl, created: !running }, 202);
    },
  );

  return app;
}
