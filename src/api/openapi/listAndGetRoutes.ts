import { z } from '@hono/zod-openapi';
import type { Role } from '../../auth/role';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from './apiRoute';
import { IdParam } from './params';

/**
 * The two reads of an admin-managed table (shops, ERP sources, users): GET / answers every record as
 * `{ items }`, GET /{id} one record or 404. Both need `role`.
 */
export function listAndGetRoutes<S extends z.ZodType>(o: {
  tag: string;
  role: Role;
  schema: S;
  list: { summary: string; description: string };
  get: { summary: string; description: string; notFound: string };
}) {
  return {
    list: apiRoute({
      method: 'get',
      path: '/',
      tags: [o.tag],
      summary: o.list.summary,
      middleware: [requireRole(o.role)] as const,
      responses: { 200: { description: o.list.description, content: { 'application/json': { schema: z.object({ items: z.array(o.schema) }) } } } },
    }),
    get: apiRoute({
      method: 'get',
      path: '/{id}',
      tags: [o.tag],
      summary: o.get.summary,
      middleware: [requireRole(o.role)] as const,
      request: { params: IdParam },
      responses: { 200: { description: o.get.description, content: { 'application/json': { schema: o.schema } } }, 404: errorResponse(o.get.notFound) },
    }),
  };
}
