import type { ActivityDeps } from '../deps';
import { createBulkActivities } from './bulkActivities';
import { createProductSyncActivities } from './productSyncActivities';

/** Sync activities (product sync + bulk). Without a shop gateway opener (a worker that syncs nothing) they are absent. */
export function createSyncActivities(deps: ActivityDeps) {
  const shopGateways =
    deps.shopGateways ??
    (async () => {
      throw new Error('this worker was started without a shop gateway opener (ActivityDeps.shopGateways)');
    });
  const withShops = { ...deps, shopGateways };
  return {
    ...createProductSyncActivities(withShops),
    ...createBulkActivities(withShops),
  };
}
