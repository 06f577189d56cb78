import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { openDatabase } from '../runtime/database';
import { createTemporalClient } from '../temporal/client';
import { erpSourceChecks, shopChecks } from './connectionChecks';
import type { DoctorResult } from './doctorResult';
import { configurationChecks, databaseCheck, temporalChecks } from './infrastructureChecks';

/**
 * `ppm doctor`: configuration, PostgreSQL (reachable, migrations applied), Temporal (namespace, PPM's search
 * attributes, a worker on the task queue), then a live connection test of every active shop and ERP source.
 * Every check runs even when another failed, so one run lists everything to fix.
 */
export async function runDoctor(config: Config): Promise<DoctorResult[]> {
  const results = configurationChecks(config);
  let sequelize: Sequelize | null = null;
  let temporal: Client | null = null;
  try {
    if (config.DATABASE_URL) {
      const url = config.DATABASE_URL;
      results.push(await databaseCheck(() => openDatabase(config, url), (s) => (sequelize = s)));
    }
    if (config.TEMPORAL_ADDRESS) {
      const address = config.TEMPORAL_ADDRESS;
      results.push(...(await temporalChecks(config, () => createTemporalClient(config, address), (c) => (temporal = c))).results);
    }
    const db = sequelize as Sequelize | null;
    if (db) {
      try {
        results.push(...(await shopChecks(config, db)), ...(await erpSourceChecks(config, db)));
      } catch (e) {
        results.push({ area: 'postgresql', name: 'shops and ERP sources', status: 'down', detail: (e as Error).message, fix: 'run `npx ppm migrate up`' });
      }
    }
    return results;
  } finally {
    await (temporal as Client | null)?.connection.close().catch(() => undefined);
    await (sequelize as Sequelize | null)?.close().catch(() => undefined);
  }
}
