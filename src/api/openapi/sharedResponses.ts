import type { OpenAPIHono } from '@hono/zod-openapi';
import { ErrorEnvelopeSchema } from '../errorSchema';

/**
 * The error responses every operation can give, defined once as OpenAPI components (`#/components/responses`)
 * and referenced by each operation (see apiRoute). All of them carry the one error envelope.
 */
export const SHARED_RESPONSES = {
  400: { name: 'BadRequest', description: 'Invalid request: details.fields names each bad field (path, query, header or body)' },
  401: { name: 'Unauthenticated', description: 'No valid credentials (bearer access token or service token)' },
  403: { name: 'Forbidden', description: 'The caller lacks the role (or ownership) this operation needs' },
  404: { name: 'NotFound', description: 'No resource with this id' },
  409: { name: 'Conflict', description: 'The request conflicts with the current state' },
  412: { name: 'PreconditionFailed', description: 'A precondition header did not match' },
  428: { name: 'PreconditionRequired', description: 'This write needs an If-Match header (the ETag of a previous read)' },
  413: { name: 'PayloadTooLarge', description: 'Request body larger than BODY_LIMIT_BYTES' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not application/json' },
  422: { name: 'Unprocessable', description: 'Well-formed but refers to something that does not exist or cannot be used' },
  429: {
    name: 'RateLimited',
    description: 'Rate limit reached; Retry-After says when to try again',
  },
  503: { name: 'Unavailable', description: 'A dependency (PostgreSQL or Temporal) is not reachable; retry later' },
} as const;

export type SharedStatus = keyof typeof SHARED_RESPONSES;

export const sharedResponseRef = (status: SharedStatus) => ({ $ref: `#/components/responses/${SHARED_RESPONSES[status].name}` });

/** Registers the shared responses on the app whose document is served (`/openapi.json`). */
export function registerSharedResponses(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const { name, description } of Object.values(SHARED_RESPONSES)) {
    registry.registerComponent('responses', name, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  }
  registry.register('Error', ErrorEnvelopeSchema);
}
