import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { createApp } from '../api/app';
import type { Config } from '../config/env';
import { databaseCheck, temporalCheck, workerCheck } from '../health/readiness';

/** The API as every process serves it: readiness waits for PostgreSQL, Temporal and a worker on the task queue. */
export function createRuntimeApp(config: Config, sequelize: Sequelize, temporal: Client) {
  return createApp({
    config,
    sequelize,
    temporal,
    readinessChecks: [databaseCheck(sequelize), temporalCheck(temporal), workerCheck(temporal, config.TEMPORAL_TASK_QUEUE)],
  });
}
