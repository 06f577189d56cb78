import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import type { ReadinessCheck } from '../health/readiness';

/** What the HTTP API is built from (the composition root in src/runtime passes them). */
export interface ApiDeps {
  config: Config;
  sequelize: Sequelize;
  temporal: Client;
  readinessChecks: ReadinessCheck[];
}
