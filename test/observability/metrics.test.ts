import http from 'node:http';
import { startMetricsListener } from '../../src/runtime/metricsListener';
import { freePort } from '../helpers/freePort';
import { promSample } from '../helpers/promText';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api, createProducts, startShops, type SyncFixture, waitForJob } from '../workflows/syncFixture';
import { updateProducts, deleteProducts } from '../helpers/products';

/** GET /metrics after real syncs against a simulated shop: the counters move by exactly what happened. */
describe('Prometheus metrics', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `MT${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack({ env: { TEMPORAL_METRICS_PORT: String(await freePort()) } });
    shops = await startShops(stack, 1, tag);
  });
  afterAll(async () => {
    await shops?.stop();
    await deleteProducts(stack.sequelize, { skuPrefix: tag });
    await stack?.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${stack.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('counts pushed, skipped and failed products per shop, shop calls by outcome, HTTP requests by route template', async () => {
    const shop = String(shops.shopIds[0]);
    const ids = await createProducts(stack.sequelize, `${tag}-A`, 6);
    await updateProducts(stack.sequelize, [ids[1], ids[4]], { ean: 'NOT-AN-EAN' }); // the shop refuses these two
    const before = await scrape();
    expect(promSample(before, 'ppm_sync_items_total', { shop_id: shop })).toBeUndefined();

    const first = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'continue' } });
    expect(first.status).toBe(202);
    expect((await waitForJob(stack, first.json.jobId)).status).toBe('completed');

    const after = await scrape();
    expect(promSample(after, 'ppm_sync_items_total', { shop_id: shop, operation: 'create', outcome: 'pushed' })).toBe(4);
    expect(promSample(after, 'ppm_sync_items_total', { shop_id: shop, outcome: 'failed' })).toBe(2);
    expect(promSample(after, 'ppm_sync_items_total', { shop_id: shop, outcome: 'skipped' })).toBeUndefined();
    // Every shop call counted with its outcome and latency; the two refused products are permanent errors.
    expect(promSample(after, 'ppm_external_calls_total', { system: 'prestashop', outcome: 'ok' })).toBeGreaterThan(0);
    expect(promSample(after, 'ppm_external_calls_total', { system: 'prestashop', outcome: 'permanent' })).toBeGreaterThanOrEqual(2);
    expect(promSample(after, 'ppm_external_call_duration_seconds_count', { system: 'prestashop' })).toBe(promSample(after, 'ppm_external_calls_total', { system: 'prestashop' }));
    expect(after).not.toMatch(/ppm_external_calls_total\{[^}]*operation="[^"]*\d/); // no ids in operation labels
    // HTTP by route template (never the raw path with ids), method and status.
    expect(promSample(after, 'ppm_http_requests_total', { route: '/api/v1/products/bulk', method: 'POST', status: '202' })).toBe(1);
    expect(promSample(after, 'ppm_http_request_duration_seconds_count', { route: '/api/v1/products/bulk', method: 'POST', status: '202' })).toBe(1);
    expect(promSample(after, 'ppm_http_requests_total', { route: '/api/v1/jobs/:id' })).toBeGreaterThan(0);
    expect(after).not.toContain(encodeURIComponent(first.json.jobId));
    // Jobs running per type, read from Temporal visibility; the SDK's own worker metrics appended.
    expect(promSample(after, 'ppm_jobs_running', { type: 'bulk' })).toBeDefined();
    expect(after).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(after).toMatch(/^temporal_activity_execution_latency_seconds_count\{/m);

    // The same job again: the 4 pushed are unchanged (skipped), the 2 refused fail again.
    const second = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids, shopIds: shops.shopIds, onFailure: 'continue' } });
    expect((await waitForJob(stack, second.json.jobId)).status).toBe('completed');
    const again = await scrape();
    expect(promSample(again, 'ppm_sync_items_total', { shop_id: shop, operation: 'create', outcome: 'pushed' })).toBe(4);
    expect(promSample(again, 'ppm_sync_items_total', { shop_id: shop, outcome: 'skipped' })).toBe(4);
    expect(promSample(again, 'ppm_sync_items_total', { shop_id: shop, outcome: 'failed' })).toBe(4);
  });

  it('the API port answers /metrics only to this machine; METRICS_PORT serves scrapers and nothing else', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${stack.baseUrl}/metrics`, { headers: { host: 'metrics.example.com' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);

    const port = await freePort();
    const close = await startMetricsListener(stack.config, port, { temporal: stack.temporal });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('ppm_http_requests_total');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/products`)).status).toBe(404);
    } finally {
      await close?.();
    }
  });
});
