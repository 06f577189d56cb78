import { log } from '@temporalio/activity';
import { type CatalogStats, readCatalogStats } from '../src/catalog/catalogStats';
import type { ActivityDeps } from './deps';

export type { CatalogStats };

/** Reads catalogue counters from PostgreSQL in one round trip (src/catalog/catalogStats.ts). */
export function createCatalogStatsActivities({ sequelize }: ActivityDeps) {
  return {
    async readCatalogStats(): Promise<CatalogStats> {
      const stats = await readCatalogStats(sequelize);
      log.info('catalog stats read', { products: stats.products.total });
      return stats;
    },
  };
}
