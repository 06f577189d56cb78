import { reportCsv } from './reportCsv';
import type { ErpSourceReport } from './erpSourceReportSchema';

type Rows = ErpSourceReport['sources'][number]['last24h']['rows'];
const rowCells = (r: Rows | undefined) => [r?.read, r?.changed, r?.unchanged, r?.failed];

/** GET /reports/erp-sources as CSV: a line per ERP source (last pull, then 24 h and 7 days); the last error's code and message. */
export function erpSourceReportCsv(r: ErpSourceReport): string {
  return reportCsv(
    [
      'id', 'name', 'kind', 'active',
      'lastPullStartedAt', 'lastPullFinishedAt', 'lastPullMode', 'lastPullOutcome', 'lastPullRead', 'lastPullChanged', 'lastPullUnchanged', 'lastPullFailed',
      'pulls24h', 'failedPulls24h', 'read24h', 'changed24h', 'unchanged24h', 'failed24h',
      'pulls7d', 'failedPulls7d', 'read7d', 'changed7d', 'unchanged7d', 'failed7d',
      'lastErrorCode', 'lastError',
    ],
    r.sources.map((s) => [
      s.id, s.name, s.kind, s.active,
      s.lastPull?.startedAt, s.lastPull?.finishedAt, s.lastPull?.mode, s.lastPull?.outcome, ...rowCells(s.lastPull?.rows),
      s.last24h.pulls, s.last24h.failedPulls, ...rowCells(s.last24h.rows),
      s.last7d.pulls, s.last7d.failedPulls, ...rowCells(s.last7d.rows),
      s.failures[0]?.error.code, s.failures[0]?.error.message,
    ]),
  );
}
