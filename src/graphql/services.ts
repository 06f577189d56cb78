import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { CategoryTree } from '../catalog/categories/categoryTree';
import { ProductCatalog } from '../catalog/productCatalog';
import { ProductList } from '../catalog/productList';
import { ProductTranslations } from '../catalog/translations/productTranslations';
import type { Config } from '../config/env';
import type { JobLimits } from '../jobs/jobLimits';

/** The domain services the REST routes use, built once per app for the GraphQL resolvers. */
export interface GraphqlServices {
  sequelize: Sequelize;
  temporal: Client;
  taskQueue: string;
  catalog: ProductCatalog;
  finder: ProductList;
  translations: ProductTranslations;
  categories: CategoryTree;
  limits: JobLimits;
  requireIfMatch: boolean;
  stuckMinutes: number;
  maxPageSize: number;
}

export function graphqlServices(config: Config, sequelize: Sequelize, temporal: Client): GraphqlServices {
  return {
    sequelize,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    catalog: new ProductCatalog(sequelize),
    finder: new ProductList(sequelize, config.JWT_SECRET),
    translations: new ProductTranslations(sequelize, config.CATALOG_DEFAULT_LANGUAGE),
    categories: new CategoryTree(sequelize, config.CATALOG_DEFAULT_LANGUAGE),
    limits: { maxSelection: config.BULK_MAX_SELECTION, maxRunningPerPrincipal: config.JOBS_MAX_RUNNING_PER_PRINCIPAL },
    requireIfMatch: config.PRODUCT_WRITES_REQUIRE_IF_MATCH,
    stuckMinutes: config.HEALTH_STUCK_MINUTES,
    maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
  };
}
