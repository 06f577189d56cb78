import { startTestStack, type TestStack } from '../helpers/testStack';

describe('health and readiness', () => {
  let stack: TestStack;
  afterEach(async () => stack?.stop());

  it('is live without dependencies and ready once PostgreSQL, Temporal and a worker answer', async () => {
    stack = await startTestStack();
    expect(await (await fetch(`${stack.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
    // The worker registers its pollers with Temporal shortly after it starts: ready *once* they answer.
    let ready = await fetch(`${stack.baseUrl}/ready`);
    for (const until = Date.now() + 20_000; ready.status !== 200 && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await fetch(`${stack.baseUrl}/ready`);
    }
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, parts: { database: { ok: true }, temporal: { ok: true }, worker: { ok: true } } });
  });

  it('answers 503 naming the worker when nothing polls the task queue', async () => {
    stack = await startTestStack({ worker: false });
    const res = await fetch(`${stack.baseUrl}/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; parts: Record<string, { ok: boolean; error?: string }> };
    expect(body.ready).toBe(false);
    expect(body.parts.database.ok).toBe(true);
    expect(body.parts.worker).toEqual({ ok: false }); // the reason goes to the log, not to anonymous callers
  });

  it('gives unknown routes and bad input the common error envelope, never a stack trace', async () => {
    stack = await startTestStack({ worker: false });
    const res = await fetch(`${stack.baseUrl}/api/v1/nowhere`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
    const docs = await fetch(`${stack.baseUrl}/openapi.json`);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/api/v1/jobs/stats', '/api/v1/jobs/{id}']));
  });
});
