import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import * as m0001 from './migrations/0001-core-schema';
import * as m0002 from './migrations/0002-auth';
import * as m0003 from './migrations/0003-sync-jobs';
import * as m0004 from './migrations/0004-erp-pull';
import * as m0005 from './migrations/0005-sync-indexes';
import * as m0006 from './migrations/0006-erp-changes-cursor';
import * as m0007 from './migrations/0007-security-hardening';
import * as m0008 from './migrations/0008-shop-default-rate';
import * as m0009 from './migrations/0009-job-item-intents';
import * as m0010 from './migrations/0010-catalog-search';
import * as m0011 from './migrations/0011-product-versions';
import * as m0012 from './migrations/0012-product-audit';
import * as m0013 from './migrations/0013-categories-images';
import * as m0014 from './migrations/0014-mass-edit-previews';
import * as m0015 from './migrations/0015-image-ledger';
import * as m0019 from './migrations/0019-product-import-jobs';
import * as m0020 from './migrations/0020-list-ledger-index';
import * as m0021 from './migrations/0021-report-indexes';
import * as m0022 from './migrations/0022-erp-pull-runs';
import * as m0023 from './migrations/0023-catalogue-report-indexes';
import * as m0024 from './migrations/0024-shop-state-counts';
import * as m0025 from './migrations/0025-translation-search';
import * as m0027 from './migrations/0027-product-audit-inserts';

type Migration = { name: string; up: (p: { context: QueryInterface }) => Promise<void>; down: (p: { context: QueryInterface }) => Promise<void> };

/** Versioned migrations, in order. Add a file under migrations/ and list it here. */
export const MIGRATIONS: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0019, m0020, m0021, m0022, m0023, m0024, m0025, m0027];

export function createMigrator(sequelize: Sequelize, log?: (msg: string) => void): Umzug<QueryInterface> {
  return new Umzug({
    migrations: MIGRATIONS.map((m) => ({ name: m.name, up: m.up, down: m.down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: log ? { info: (e) => log(`migration ${JSON.stringify(e)}`), warn: () => {}, error: () => {}, debug: () => {} } : undefined,
  });
}

/** Applies every pending migration inside one advisory lock, so concurrent starts do not race. */
export async function migrateUp(sequelize: Sequelize, log?: (msg: string) => void): Promise<string[]> {
  await sequelize.query('SELECT pg_advisory_lock(727274)');
  try {
    const done = await createMigrator(sequelize, log).up();
    return done.map((m) => m.name);
  } finally {
    await sequelize.query('SELECT pg_advisory_unlock(727274)');
  }
}
