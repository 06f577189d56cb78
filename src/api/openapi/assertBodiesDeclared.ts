import type { OpenAPIHono } from '@hono/zod-openapi';

/**
 * Fails at app creation when an operation has a request body but does not say whether it is required.
 * Left unset, @hono/zod-openapi treats the body as optional and hands the handler `{}` for a request with no
 * body or no Content-Type, so every route says `required: true` (or, deliberately, `required: false`).
 */
export function assertBodiesDeclared(app: OpenAPIHono<any, any, any>): void {
  const undeclared = app.openAPIRegistry.definitions
    .flatMap((d) => (d.type === 'route' ? [d.route] : []))
    .filter((r) => r.request?.body && typeof r.request.body.required !== 'boolean')
    .map((r) => `${r.method.toUpperCase()} ${r.path}`);
  if (undeclared.length) {
    throw new Error(`API routes with a request body that do not say whether it is required (add required: true, or required: false on purpose): ${undeclared.join(', ')}`);
  }
}
