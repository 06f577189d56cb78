import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and every PPM metric, defined once. Label values are always bounded:
 * route templates, methods, statuses, system names, outcomes, shop and ERP source ids, job types — never
 * SKUs, e-mails, raw URLs or messages. Counters start at zero in each process (Prometheus sums the replicas).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ppm_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequestsTotal = new Counter({
  name: 'ppm_http_requests_total',
  help: 'HTTP requests answered by the API, by route template, method and status.',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'ppm_http_request_duration_seconds',
  help: 'HTTP request latency of the API, by route template, method and status.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** outcome: ok | retryable | permanent | throttled. */
export const externalCallsTotal = new Counter({
  name: 'ppm_external_calls_total',
  help: 'Calls to external systems (prestashop, dynamics, subiekt) by operation and outcome (ok, retryable, permanent, throttled).',
  labelNames: ['system', 'operation', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const externalCallDuration = new Histogram({
  name: 'ppm_external_call_duration_seconds',
  help: 'Latency of calls to external systems by operation and outcome.',
  labelNames: ['system', 'operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** outcome: pushed | skipped_unchanged | failed; operation: create | update | delete | export. */
export const syncItemsTotal = new Counter({
  name: 'ppm_sync_items_total',
  help: 'Products handled per shop by sync jobs: pushed, skipped (unchanged payload) or failed, by operation.',
  labelNames: ['shop_id', 'operation', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** outcome: ok | failed. */
export const compensationsTotal = new Counter({
  name: 'ppm_compensations_total',
  help: 'Compensations (undo of a shop change) run per shop, by outcome (ok, failed).',
  labelNames: ['shop_id', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const erpRowsReadTotal = new Counter({
  name: 'ppm_erp_rows_read_total',
  help: 'Products read from ERP sources, by source id and kind.',
  labelNames: ['source_id', 'kind'] as const,
  registers: [metricsRegistry],
});

/** Filled at scrape time by the API process from Temporal visibility (see jobsRunningGauge.ts). */
export const jobsRunning = new Gauge({
  name: 'ppm_jobs_running',
  help: 'PPM jobs currently running in the Temporal namespace, by job type (read from Temporal visibility at scrape).',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});
