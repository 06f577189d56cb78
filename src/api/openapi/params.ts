import { z } from '@hono/zod-openapi';

/** The largest value of a PostgreSQL `integer` (int4) column: every serial id in the catalogue. */
export const INT4_MAX = 2_147_483_647;

/** A database id in a JSON body: a positive int4. */
export const DbId = z.number().int().min(1).max(INT4_MAX);

/** A database id in a path or query string (text coerced to a number): a positive int4. */
export const DbIdText = z.coerce.number().int().min(1).max(INT4_MAX).openapi({ type: 'integer', minimum: 1, maximum: INT4_MAX, example: 1 });

/** `{id}` in a path: a positive int4. */
export const IdParam = z.object({ id: DbIdText.openapi({ param: { name: 'id', in: 'path' } }) });

/** A non-negative int4 offset or cursor in a query string. */
export const Int4OffsetText = z.coerce.number().int().min(0).max(INT4_MAX).openapi({ type: 'integer', minimum: 0, maximum: INT4_MAX });

/**
 * OpenAPI metadata documenting the keys a `z.record` accepts (JSON Schema `propertyNames`, which the
 * generator passes through but does not derive from the key schema).
 */
export const propertyNames = (rule: { minLength: number; maxLength: number; not?: { pattern: string } }, extra: { description?: string } = {}) =>
  ({ ...extra, propertyNames: rule }) as { description?: string };
