import type { z } from '@hono/zod-openapi';
import { ApiError } from '../api/apiError';
import { ProductFilterBody } from '../api/schemas/productSchemas';
import { JobListQuery } from '../api/routes/jobs';

/** The REST list filters (ids as JSON numbers, as mass edit takes them); GraphQL pages with first/after. */
export const ProductFilterSchema = ProductFilterBody;
/** The jobs list filters without their page size. */
export const JobFilterSchema = JobListQuery.omit({ limit: true }).strict();

/** GraphQL values as the query string carries them (the jobs list schema parses text, e.g. ids). */
const asQueryText = (input: Record<string, unknown> | null | undefined) =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));

/** Parses `input` with a REST schema; a failure is VALIDATION_FAILED naming each field, as the REST API answers. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, target: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({ field: [target, ...i.path.map(String)].join('.'), message: i.message, code: i.code }));
  throw new ApiError(400, 'VALIDATION_FAILED', `Invalid ${target}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { target, fields });
}

const present = (input: Record<string, unknown> | null | undefined) => Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined));
export const productFilter = (input: Record<string, unknown> | null | undefined) => parseWith(ProductFilterSchema, present(input), 'filter');
export const jobFilter = (input: Record<string, unknown> | null | undefined) => parseWith(JobFilterSchema, asQueryText(input), 'filter');

/** `first` within 1..max (the connection's page size). */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ApiError(400, 'VALIDATION_FAILED', `first must be between 1 and ${max}`, { target: 'first', fields: [{ field: 'first', message: `between 1 and ${max}` }] });
  }
  return n;
}
