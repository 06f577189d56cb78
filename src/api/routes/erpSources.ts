import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { audit } from '../../auth/audit';
import { isErpOwnableField } from '../../catalog/erpOwnedFields';
import { type SecretBox, secretHint } from '../../crypto/secretBox';
import { ErpSourceRecord } from '../../db/models/ErpSourceRecord';
import { encryptErpCredentials } from '../../erp/erpCredentials';
import { startErpPull } from '../../erp/startErpPull';
import { erpPullWorkflowId } from '../../../workflows/erpPullIds';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { JobAcceptedSchema } from './productSync';

/** Setting names that look like secrets: they belong in `credentials` (encrypted), never in plaintext settings. */
const SECRET_LOOKING = /(password|passwd|secret|token|api[-_]?key|credential|private[-_]?key)/i;

const Settings = z
  .record(z.string().min(1).max(64), z.unknown())
  .refine((s) => !Object.keys(s).some((k) => SECRET_LOOKING.test(k)), { message: 'secrets go in "credentials" (encrypted), not in settings' });
const Credentials = z.record(z.string().min(1).max(64), z.string().max(4000)).openapi({ description: 'write-only, e.g. { "user": "...", "password": "..." } or { "clientSecret": "..." }' });
const Ownership = z.array(z.string().refine(isErpOwnableField, { message: 'not an ERP-ownable field' })).max(32);

export const ErpSourceSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.enum(['subiekt', 'dynamics']),
    settings: z.record(z.string(), z.unknown()),
    credentialsHint: z.string().nullable().openapi({ description: 'masked; credentials are write-only' }),
    fieldOwnership: z.array(z.string()),
    active: z.boolean(),
    lastPullAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ErpSource');
const Writable = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['subiekt', 'dynamics']),
  settings: Settings.optional(),
  credentials: Credentials.nullable().optional(),
  fieldOwnership: Ownership.optional(),
  active: z.boolean().optional(),
});
const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
const PullBody = z
  .object({
    mode: z.enum(['auto', 'full', 'incremental']).default('auto'),
    pageSize: z.number().int().min(1).max(1000).optional(),
    syncChangedToShops: z.boolean().default(false),
  })
  .strict()
  .openapi('ErpPullRequest');

function view(s: ErpSourceRecord) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    settings: s.settings,
    credentialsHint: s.credentialsHint,
    fieldOwnership: s.fieldOwnership,
    active: s.active,
    lastPullAt: s.lastPullAt ? s.lastPullAt.toISOString() : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** The masked hint: the most secret-looking value's last characters, else just a mask. */
function credentialsHint(creds: Record<string, string>): string {
  const key = Object.keys(creds).find((k) => SECRET_LOOKING.test(k));
  return key ? secretHint(creds[key]) : '••••';
}

function uniqueName(e: unknown, name: string | undefined): never {
  if ((e as Error).name === 'SequelizeUniqueConstraintError') throw new ApiError(409, 'NAME_TAKEN', `An ERP source is already named "${name}"`);
  throw e;
}

/** ERP sources (admin): Subiekt GT / Dynamics BC connections. Credentials are encrypted and never returned. */
export interface ErpSourceRoutesDeps {
  secretBox: SecretBox;
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

export function erpSourceRoutes(deps: ErpSourceRoutesDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const seal = (id: number, creds: Record<string, string> | null) =>
    creds ? { credentialsEncrypted: encryptErpCredentials(deps.secretBox, id, creds), credentialsHint: credentialsHint(creds) } : { credentialsEncrypted: null, credentialsHint: null };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['erp sources'],
      summary: 'All ERP sources',
      middleware: [requireRole('admin')] as const,
      responses: { 200: { description: 'sources', content: { 'application/json': { schema: z.object({ items: z.array(ErpSourceSchema) }) } } } },
    }),
    async (c) => c.json({ items: (await ErpSourceRecord.findAll({ order: [['id', 'ASC']] })).map(view) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['erp sources'],
      summary: 'One ERP source',
      middleware: [requireRole('admin')] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'source', content: { 'application/json': { schema: ErpSourceSchema } } }, 404: errorResponse('no such source') },
    }),
    async (c) => {
      const s = await ErpSourceRecord.findByPk(c.req.valid('param').id);
      if (!s) throw new ApiError(404, 'ERP_SOURCE_NOT_FOUND', 'No such ERP source');
      return c.json(view(s), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['erp sources'],
      summary: 'Register an ERP source (credentials are write-only)',
      middleware: [requireRole('admin')] as const,
      request: { body: { content: { 'application/json': { schema: Writable.strict() } } } },
      responses: { 201: { description: 'created', content: { 'application/json': { schema: ErpSourceSchema } } }, 409: errorResponse('name taken') },
    }),
    async (c) => {
      const { credentials, ...rest } = c.req.valid('json');
      const src = await ErpSourceRecord.sequelize!.transaction(async (transaction) => {
        const s = await ErpSourceRecord.create({ ...rest, credentialsEncrypted: null, credentialsHint: null, lastPullAt: null }, { transaction }).catch((e) => uniqueName(e, rest.name));
        return s.update(seal(s.id, credentials ?? null), { transaction });
      });
      await audit(c.get('principal'), 'erp_source.create', `erp_source:${src.id}`, { name: src.name, kind: src.kind });
      return c.json(view(src), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags: ['erp sources'],
      summary: 'Change an ERP source; send credentials only to replace them (null removes them)',
      middleware: [requireRole('admin')] as const,
      request: { params: IdParam, body: { content: { 'application/json': { schema: Writable.omit({ kind: true }).partial().strict() } } } },
      responses: { 200: { description: 'updated', content: { 'application/json': { schema: ErpSourceSchema } } }, 404: errorResponse('no such source'), 409: errorResponse('name taken') },
    }),
    async (c) => {
      const s = await ErpSourceRecord.findByPk(c.req.valid('param').id);
      if (!s) throw new ApiError(404, 'ERP_SOURCE_NOT_FOUND', 'No such ERP source');
      const { credentials, ...rest } = c.req.valid('json');
      // New settings or credentials may point at another server/company: the stored change cursor belongs to the
      // old connection, so the next pull is a full scan.
      const connectionChanged = rest.settings !== undefined || credentials !== undefined;
      await s
        .update({ ...rest, ...(credentials === undefined ? {} : seal(s.id, credentials)), ...(connectionChanged ? { changesCursor: null } : {}) })
        .catch((e) => uniqueName(e, rest.name));
      await audit(c.get('principal'), 'erp_source.update', `erp_source:${s.id}`, { fields: Object.keys(c.req.valid('json')) });
      return c.json(view(s), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags: ['erp sources'],
      summary: 'Remove an ERP source (products keep their data; their source link is cleared)',
      middleware: [requireRole('admin')] as const,
      request: { params: IdParam },
      responses: { 204: { description: 'deleted' }, 404: errorResponse('no such source') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const n = await ErpSourceRecord.destroy({ where: { id } });
      if (!n) throw new ApiError(404, 'ERP_SOURCE_NOT_FOUND', 'No such ERP source');
      await audit(c.get('principal'), 'erp_source.delete', `erp_source:${id}`);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/pull',
      tags: ['erp sources'],
      summary: 'Pull the source now (one erpPullWorkflow per source; joins a pull already running)',
      description:
        'Starts `erpPullWorkflow` as job `erp-pull:{id}` and answers at once; follow it at `statusUrl` (GET /api/v1/jobs/{jobId}). ' +
        'While a pull of the source runs (started here or by a schedule) the answer is that job with `created: false`.',
      middleware: [requireRole('manager')] as const,
      request: { params: IdParam, body: { content: { 'application/json': { schema: PullBody } }, required: false } },
      responses: {
        202: { description: 'started (created: true) or already running (created: false)', content: { 'application/json': { schema: JobAcceptedSchema } } },
        400: errorResponse('invalid body'),
        401: errorResponse('not signed in'),
        403: errorResponse('needs the manager role'),
        404: errorResponse('no such source'),
        409: errorResponse('the source is inactive'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? PullBody.parse({});
      const s = await ErpSourceRecord.findByPk(id);
      if (!s) throw new ApiError(404, 'ERP_SOURCE_NOT_FOUND', 'No such ERP source');
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
