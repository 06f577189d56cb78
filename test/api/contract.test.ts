import http from 'node:http';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertBodiesDeclared } from '../../src/api/openapi/assertBodiesDeclared';
import { startTestStack, type TestStack } from '../helpers/testStack';

/**
 * The API keeps its OpenAPI contract (issue 9): out-of-range numbers are a 400 naming the field, required
 * bodies are required, undeclared methods are 405 with Allow, unknown query parameters are refused, and
 * every operation documents the shared error responses. (schemathesis checks the same over the whole API:
 * `npm run test:contract`.)
 */

type Envelope = { error: { code: string; message: string; requestId?: string; details?: { fields?: { field: string }[]; allow?: string[] } } };

/** A raw HTTP request (fetch refuses TRACE and always sends a Content-Type with a body). */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; json: Envelope }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Envelope) : (null as never) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const fieldsOf = (e: Envelope) => (e.error.details?.fields ?? []).map((f) => f.field);

describe('API contract', () => {
  let stack: TestStack;
  let admin: Record<string, string>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { DEV_LOGIN: 'true', NODE_ENV: 'development' } });
    admin = await stack.authHeaders('admin');
  });
  afterAll(() => stack.stop());

  describe('numbers and ids are bounded to what PostgreSQL holds', () => {
    test('an id beyond int4 in the path is a 400 naming it, not a 500', async () => {
      const r = await raw(stack.baseUrl, 'GET', '/api/v1/products/2147483648', admin);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(r.json)).toEqual(['id']);
      expect((await raw(stack.baseUrl, 'GET', '/api/v1/products/2147483647', admin)).status).toBe(404);
    });

    test('an id beyond int4 in the query is a 400 naming it', async () => {
      const r = await raw(stack.baseUrl, 'GET', '/api/v1/products?erpSourceId=2289139901', admin);
      expect(r.status).toBe(400);
      expect(fieldsOf(r.json)).toEqual(['erpSourceId']);
    });

    test('a rate below what NUMERIC(8,2) can store is a 400 naming it', async () => {
      const body = JSON.stringify({ name: 'tiny-rate', baseUrl: 'http://127.0.0.1:9', apiKey: 'KEY12345678', maxRequestsPerSecond: 5e-324 });
      const r = await raw(stack.baseUrl, 'POST', '/api/v1/shops', { ...admin, 'content-type': 'application/json' }, body);
      expect(r.status).toBe(400);
      expect(fieldsOf(r.json)).toEqual(['maxRequestsPerSecond']);
    });
  });

  describe('a required body is required', () => {
    test.each([
      ['POST', '/api/v1/products/bulk'],
      ['POST', '/api/v1/shops'],
      ['PATCH', '/api/v1/shops/1'],
      ['POST', '/api/v1/erp-sources'],
      ['PATCH', '/api/v1/erp-sources/1'],
      ['POST', '/api/v1/service-tokens'],
      ['PATCH', '/api/v1/users/1'],
      ['POST', '/api/v1/auth/dev/login'],
    ])('%s %s without Content-Type and body is 400 BODY_REQUIRED', async (method, path) => {
      const r = await raw(stack.baseUrl, method, path, admin);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('BODY_REQUIRED');
      expect(r.json.error.requestId).toEqual(expect.any(String));
    });

    test('a body that is not JSON is 415', async () => {
      const r = await raw(stack.baseUrl, 'POST', '/api/v1/products/bulk', { ...admin, 'content-type': 'text/plain' }, 'operation=export');
      expect(r.status).toBe(415);
      expect(r.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    test('a body without Content-Type is 415', async () => {
      const r = await raw(stack.baseUrl, 'POST', '/api/v1/products/bulk', admin, '{"operation":"export","filter":{}}');
      expect(r.status).toBe(415);
    });

    test('an optional body stays optional', async () => {
      const r = await raw(stack.baseUrl, 'POST', '/api/v1/auth/logout');
      expect(r.status).toBe(204);
    });
  });

  describe('methods and paths', () => {
    test('TRACE on a known path is 405 with Allow and the envelope', async () => {
      const r = await raw(stack.baseUrl, 'TRACE', '/api/v1/products', admin);
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD, POST');
      expect(r.json.error.code).toBe('METHOD_NOT_ALLOWED');
    });

    test('the most literal path decides: PATCH /products/bulk is 405 (Allow: POST), not a bad {id}', async () => {
      const r = await raw(stack.baseUrl, 'PATCH', '/api/v1/products/bulk', { ...admin, 'content-type': 'application/json' }, '{}');
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('POST');
    });

    test('an unknown path stays 404', async () => {
      const r = await raw(stack.baseUrl, 'GET', '/api/v1/no-such-thing', admin);
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe('NOT_FOUND');
    });

    test('an unknown query parameter is a 400 naming it', async () => {
      const r = await raw(stack.baseUrl, 'GET', '/api/v1/products?colour=red', admin);
      expect(r.status).toBe(400);
      expect(fieldsOf(r.json)).toEqual(['colour']);
    });
  });

  test('every /api/v1 operation documents the shared error responses it can give', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }>; parameters?: { in: string }[]; requestBody?: { required?: boolean } }>>;
      components: { responses: Record<string, unknown> };
    };
    expect(Object.keys(doc.components.responses)).toEqual(expect.arrayContaining(['BadRequest', 'Unauthenticated', 'Forbidden', 'NotFound', 'RateLimited', 'Unavailable']));
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const need = ['400', '429', '503'];
        if (op.parameters?.some((p) => p.in === 'path')) need.push('404');
        if (op.requestBody) need.push('413', '415');
        for (const s of need) if (!op.responses[s]) problems.push(`${method.toUpperCase()} ${path}: ${s}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('start-up assertion: request bodies say whether they are required', () => {
  const route = (required?: boolean) =>
    createRoute({
      method: 'post',
      path: '/things',
      request: { body: { content: { 'application/json': { schema: z.object({ name: z.string() }) } }, ...(required === undefined ? {} : { required }) } },
      responses: { 204: { description: 'ok' } },
    });

  test('a body left optional by accident stops the app, naming the route', () => {
    const app = new OpenAPIHono();
    app.openapi(route(), (c) => c.body(null, 204));
    expect(() => assertBodiesDeclared(app)).toThrow(/POST \/things/);
  });

  test('required: true, or required: false on purpose, passes', () => {
    const app = new OpenAPIHono();
    app.openapi(route(true), (c) => c.body(null, 204));
    app.openapi({ ...route(false), path: '/optional' }, (c) => c.body(null, 204));
    expect(() => assertBodiesDeclared(app)).not.toThrow();
  });
});
