import fs from 'node:fs';
import path from 'node:path';
import { metricsRegistry } from '../../src/observability/metrics';
import { PROJECT_ROOT } from '../../src/projectRoot';

const read = (p: string) => fs.readFileSync(path.join(PROJECT_ROOT, p), 'utf8');

/** deploy/ (Prometheus scrape config, Grafana dashboard) agrees with docker-compose.yml and the metrics the code defines. */
describe('observability deployment assets', () => {
  const compose = read('docker-compose.yml');

  it('mounts every deploy/ file it names, behind the observability profile', () => {
    const mounted = [...compose.matchAll(/- \.\/(deploy\/[^:]+):/g)].map((m) => m[1]);
    expect(mounted).toEqual(expect.arrayContaining(['deploy/prometheus/prometheus.yml', 'deploy/grafana/provisioning', 'deploy/grafana/dashboards']));
    for (const p of mounted) expect(fs.existsSync(path.join(PROJECT_ROOT, p))).toBe(true);
    expect(compose.match(/profiles: \[observability\]/g)).toHaveLength(2);
  });

  it('scrapes the ports the api and worker services listen on', () => {
    const prom = read('deploy/prometheus/prometheus.yml');
    const apiPort = /METRICS_PORT: (\d+)/.exec(compose.split('\n  api:')[1])![1];
    const workerPort = /WORKER_METRICS_PORT: (\d+)/.exec(compose)![1];
    expect(prom).toContain(`"api:${apiPort}"`);
    expect(prom).toMatch(new RegExp(`names: \\["worker"\\][\\s\\S]*port: ${workerPort}`));
  });

  it('the dashboard queries only metrics the code exports (PPM) or the Temporal SDK emits', async () => {
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/ppm-sync.json')) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const defined = new Set((await metricsRegistry.getMetricsAsJSON()).map((m) => m.name));
    const used = new Set(exprs.flatMap((e) => e.match(/\bppm_[a-z_]+/g) ?? []));
    for (const name of used) expect([...defined].some((d) => name === d || name === `${d}_bucket` || name === `${d}_count`)).toBe(true);
    expect(exprs.some((e) => e.includes('temporal_worker_task_slots_available'))).toBe(true);
  });
});
