import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createSequelize } from '../src/db/database';
import { migrateUp } from '../src/db/migrator';

/** The server the self-contained scenarios create their database on (PPM_BENCH_ADMIN_DATABASE_URL). */
const ADMIN_URL = process.env.PPM_BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayDatabase {
  /** The migrated, empty database. */
  url: string;
  /** A temporary DATA_DIR for the API processes of the scenario. */
  dataDir: string;
}

/**
 * A database of its own for a self-contained scenario (api-list, graphql-page): created on the admin server as
 * `<prefix>_<timestamp>` and migrated, with a temporary data directory; after `use` (whatever it throws) the
 * database is dropped (WITH FORCE) and the directory removed.
 */
export async function withThrowawayDatabase(prefix: string, use: (db: ThrowawayDatabase) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-`));
  const dbName = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  try {
    const sequelize = createSequelize({ url, poolMax: 2, ssl: false });
    await migrateUp(sequelize);
    await sequelize.close();
    await use({ url, dataDir });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
