import { z } from '@hono/zod-openapi';

/** The largest value of a PostgreSQL `integer` (int4) column: every serial id in the catalogue. */
export const INT4_MAX = 2_147_483_647;

/** A database id in a JSON body: a positive int4. */
export const DbId = z.number().int().min(1).max(INT4_MAX);

/** A whole number written in a path or query string (digits only: '' or ' 1' is not 0 or 1), within [min, max]. */
export const intText = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,16}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max });

/** A database id in a path or query string: a positive int4. */
export const DbIdText = intText(1, INT4_MAX).openapi({ example: 1 });

/** `{id}` in a path: a positive int4. */
export const IdParam = z.object({ id: DbIdText.openapi({ param: { name: 'id', in: 'path' } }) });

/** A non-negative int4 offset or cursor in a query string. */
export const Int4OffsetText = intText(0, INT4_MAX);

/**
 * OpenAPI metadata documenting the keys a `z.record` accepts (JSON Schema `propertyNames`, which the
 * generator passes through but does not derive from the key schema).
 */
export const propertyNames = (rule: { minLength: number; maxLength: number; not?: { pattern: string }; anyOf?: object[] }, extra: { description?: string } = {}) =>
  ({ ...extra, propertyNames: rule }) as { description?: string };

/** A duration in whole minutes in a query string: 0 to 7 days. */
export const MinutesText = intText(0, 10_080);
