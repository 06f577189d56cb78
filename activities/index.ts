import { createCatalogStatsActivities } from './catalogStats';
import type { ActivityDeps } from './deps';
import { createErpPullActivities } from './erpPull';
import { createMassEditActivities } from './massEdit';
import { createProductImportActivities } from './productImport';
import { createSyncActivities } from './sync';

/** Every activity the worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCatalogStatsActivities(deps),
    ...createErpPullActivities(deps),
    ...createProductImportActivities(deps),
    ...createMassEditActivities(deps),
    ...createSyncActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
