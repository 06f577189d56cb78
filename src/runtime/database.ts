import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { createSequelize } from '../db/database';
import { initModels } from '../db/models';
import { logger } from '../logging/logger';

/** Opens the catalogue database and registers the models. */
export async function openDatabase(config: Config, url: string): Promise<Sequelize> {
  const sequelize = createSequelize({
    url,
    poolMax: config.DATABASE_POOL_MAX,
    ssl: config.DATABASE_SSL,
    log: config.LOG_LEVEL === 'silly' ? (sql) => logger.silly(sql, { component: 'sql' }) : undefined,
  });
  initModels(sequelize);
  await sequelize.authenticate();
  return sequelize;
}
