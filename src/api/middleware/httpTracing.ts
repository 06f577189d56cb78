import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { tracingEnabled } from '../../observability/tracing';
import { routeTemplate } from './httpMetrics';

const tracer = trace.getTracer('ppm-sync.http');

/**
 * A server span per request (continuing a caller's W3C `traceparent`), named by route template; everything the
 * request does (a workflow start, a query) runs inside it. Nothing at all when tracing is off.
 */
export const httpTracing: MiddlewareHandler = async (c, next) => {
  if (!tracingEnabled()) return next();
  const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
  const method = c.req.method;
  await tracer.startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent, async (span) => {
    try {
      await next();
    } finally {
      const route = routeTemplate(c);
      span.updateName(`${method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  });
};
