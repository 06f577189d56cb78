import type { Pool, QueryResultRow } from 'pg';
import type { Catalog } from './catalog/Catalog';
import { quoteIdent } from './catalog/pgSchema';
import { insertRows } from './seed/seedLoader';
import type { SeedRow } from './seed/subiektSeed';

/**
 * Direct access to the simulated Subiekt data for tests and demos: SQL on the PostgreSQL schema (unqualified
 * names resolve to it, e.g. `UPDATE "tw_Cena" SET "tc_CenaNetto1" = 10.0001 WHERE "tc_IdTowar" = 5`), plus
 * schema changes that the wire metadata follows.
 */
export class SimulatorDb {
  constructor(
    private readonly pool: Pool,
    readonly schema: string,
    private readonly catalog: Catalog,
  ) {}

  async query<R extends QueryResultRow = QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = await this.pool.connect();
    try {
      await client.query(`SET search_path TO ${quoteIdent(this.schema)}`);
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.query('RESET search_path').catch(() => undefined);
      client.release();
    }
  }

  async insert(table: string, rows: SeedRow[]): Promise<void> {
    await insertRows(this.pool, this.schema, this.catalog, table, rows);
  }

  /** Simulates a Subiekt database without this column (older/other version): queries naming it get error 207. */
  async dropColumn(table: string, column: string): Promise<void> {
    const t = this.catalog.table(table);
    const c = this.catalog.dropColumn(table, column);
    await this.pool.query(`ALTER TABLE ${quoteIdent(this.schema)}.${quoteIdent(t!.name)} DROP COLUMN ${quoteIdent(c.name)}`);
  }
}
