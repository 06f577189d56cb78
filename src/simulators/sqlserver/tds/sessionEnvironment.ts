import type { Pool } from 'pg';
import type { Catalog } from '../catalog/Catalog';
import type { SimulatorFaults } from '../faults';

/** What every connection of one simulator shares: the data, the catalog, the login, the faults. */
export interface SessionEnvironment {
  pool: Pool;
  catalog: Catalog;
  schema: string;
  database: string;
  ciCollation: string | null;
  login: { user: string; password: string };
  faults: SimulatorFaults;
  version: string;
  log: (msg: string) => void;
}
