import { Writable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import winston from 'winston';
import { logger } from '../../src/logging/logger';
import { startTracing } from '../../src/observability/tracing';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture, waitForJob } from '../workflows/syncFixture';
import { deleteProducts } from '../helpers/products';

/** One trace from POST /api/v1/products/bulk through the workflow and its activities to the shop's webservice. */
describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  const logged: Record<string, unknown>[] = [];
  const capture = new winston.transports.Stream({
    stream: new Writable({ objectMode: true, write: (info, _enc, done) => (logged.push(info), done()) }),
    format: winston.format.json(),
  });
  let stopTracing: () => Promise<void>;
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `TR${Date.now().toString(36)}`;

  beforeAll(async () => {
    stopTracing = startTracing({ OTEL_SERVICE_NAME: 'ppm-test', OTEL_EXPORTER_OTLP_ENDPOINT: undefined }, { spanProcessor: new SimpleSpanProcessor(exporter) });
    stack = await startTestStack(); // the worker bundles the workflows with the tracing interceptors
    shops = await startShops(stack, 1, tag);
    logger.add(capture);
  }, 120_000);
  afterAll(async () => {
    logger.remove(capture);
    await shops?.stop();
    await deleteProducts(stack.sequelize, { skuPrefix: tag });
    await stack?.stop();
    await stopTracing?.();
  });

  it('links the HTTP request, the workflow start and run, each activity and each PrestaShop call in one trace; logs carry its id', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-A`, 2);
    const level = logger.level;
    logger.level = 'http'; // the access log line of the request
    const res = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'continue' } });
    logger.level = level;
    expect(res.status).toBe(202);
    expect((await waitForJob(stack, res.json.jobId)).status).toBe('completed');

    const spans = exporter.getFinishedSpans();
    const http = spans.find((s) => s.name === 'POST /api/v1/products/bulk');
    expect(http).toBeDefined();
    expect(http!.kind).toBe(SpanKind.SERVER);
    const traceId = http!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const names = inTrace.map((s) => s.name);
    expect(names).toContain('StartWorkflow:bulkOperationWorkflow');
    expect(names).toContain('RunWorkflow:bulkOperationWorkflow');
    expect(names.some((n) => n.startsWith('RunActivity:'))).toBe(true);

    // Each shop call is a client span whose ancestors lead, through an activity and the workflow, to the request.
    const shopCalls = inTrace.filter((s) => s.name.startsWith('prestashop '));
    expect(shopCalls.length).toBeGreaterThanOrEqual(2); // at least one create per product
    expect(shopCalls.every((s) => s.kind === SpanKind.CLIENT)).toBe(true);
    expect(shopCalls.map((s) => s.name)).toContain('prestashop POST products');
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const ancestry = (s: ReadableSpan) => {
      const chain: string[] = [];
      for (let p = s.parentSpanId ? byId.get(s.parentSpanId) : undefined; p; p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined) chain.push(p.name);
      return chain;
    };
    const chain = ancestry(shopCalls.find((s) => s.name === 'prestashop POST products')!);
    expect(chain[chain.length - 1]).toBe('POST /api/v1/products/bulk');
    expect(chain.some((n) => n.startsWith('RunActivity:'))).toBe(true);
    expect(chain).toContain('RunWorkflow:bulkOperationWorkflow');

    // The access log line of the request carries the trace id.
    const access = logged.find((l) => typeof l.message === 'string' && l.message.startsWith('POST /api/v1/products/bulk 202'));
    expect(access).toMatchObject({ traceId, spanId: http!.spanContext().spanId });
  });
});
