import { type RouteConfig, z } from '@hono/zod-openapi';
import { ifMatchHolds } from '../../catalog/productETag';
import type { WritePrecondition } from '../../catalog/productWriteLock';
import { ApiError } from '../apiError';
import { errorResponse } from '../errorSchema';

/** Optimistic concurrency of product writes (the product row and its content: texts, categories, images). */
export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .max(1024)
    .optional()
    .openapi({ description: 'the ETag of your last read of the product (or *); required unless PRODUCT_WRITES_REQUIRE_IF_MATCH=false (428 without it), 412 when the product changed since' }),
});
const ETagHeader = z.object({ ETag: z.string().openapi({ description: "the product's version, for If-Match on the next write" }) });

/** A JSON response that also carries the product's new ETag. */
export const withETag = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } }, headers: ETagHeader });

const preconditionResponses = {
  412: errorResponse('the product changed since the If-Match ETag was read (PRECONDITION_FAILED, details.etag is the current one)'),
  428: errorResponse('no If-Match header (PRECONDITION_REQUIRED)'),
};

/**
 * The contract of a product write (PATCH/DELETE /products/{id}, its shop overrides and its content): the route
 * plus the If-Match header and its 412 / 428 answers. The handler takes its precondition from ProductWriteGuard.
 */
export function ifMatchWrite<const R extends RouteConfig & { request: NonNullable<RouteConfig['request']> }>(route: R): IfMatchWrite<R> {
  return { ...route, request: { ...route.request, headers: IfMatchHeader }, responses: { ...route.responses, ...preconditionResponses } };
}

type IfMatchWrite<R extends RouteConfig> = Omit<R, 'request' | 'responses'> & {
  request: R['request'] & { headers: typeof IfMatchHeader };
  responses: R['responses'] & typeof preconditionResponses;
};

/** The write precondition from If-Match: none (when not required), or a check of the product's current ETag. */
export function ifMatchPrecondition(header: string | undefined, required: boolean): WritePrecondition | undefined {
  if (header === undefined) {
    if (!required) return undefined;
    throw new ApiError(428, 'PRECONDITION_REQUIRED', "Send If-Match with the product's ETag (from GET /products/{id}) so a concurrent change is not overwritten", {
      fields: [{ field: 'if-match', message: 'required' }],
    });
  }
  return (current) => ifMatchHolds(header, current);
}
