import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CatalogStats } from '../activities/catalogStats';

const { readCatalogStats } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Proves the wiring end to end: API → Temporal → worker → PostgreSQL → result back through the API. */
export async function catalogStatsWorkflow(): Promise<CatalogStats> {
  log.info('computing catalog stats');
  return readCatalogStats();
}
