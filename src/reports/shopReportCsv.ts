import { stringify } from 'csv-stringify/sync';
import type { ShopReport } from './shopReportSchema';

const counts = (failures: ShopReport['shops'][number]['failures'], key: 'last24h' | 'last7d') =>
  failures.filter((f) => f[key] > 0).map((f) => `${f.code}:${f[key]}`).join('|');

/** GET /reports/shops as CSV (UTF-8 with BOM): a line per shop; failures as "CODE:n|CODE:n". */
export function shopReportCsv(r: ShopReport): string {
  return `\uFEFF${stringify(
    r.shops.map((s) => [s.id, s.name, s.active, s.lastSuccessfulPushAt, s.products.inSync, s.products.outdated, s.products.failed, s.products.compensationFailed, s.products.neverPushed, counts(s.failures, 'last24h'), counts(s.failures, 'last7d')]),
    {
      header: true,
      columns: ['id', 'name', 'active', 'lastSuccessfulPushAt', 'inSync', 'outdated', 'failed', 'compensationFailed', 'neverPushed', 'failures24h', 'failures7d'],
      cast: { boolean: (b) => (b ? 'true' : 'false') },
    },
  )}`;
}
