import type { Pool } from 'pg';
import type { Catalog } from './Catalog';
import { pgTypeOf } from './pgTypes';
import { isStringKind } from '../tds/sqlTypes';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Name of the case-insensitive Polish collation created in the simulator's schema (Polish_CI_AS look-alike). */
export const CI_COLLATION = 'polish_ci';

/**
 * (Re)creates the simulator's PostgreSQL schema from the catalog. String columns get a case-insensitive ICU
 * collation so that `tw_Symbol = @sym` matches regardless of case, as under Polish_CI_AS. Returns the qualified
 * collation name, or null when the server has no ICU (then comparisons are case-sensitive).
 */
export async function createSchema(pool: Pool, schema: string, catalog: Catalog): Promise<string | null> {
  const s = quoteIdent(schema);
  await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await pool.query(`CREATE SCHEMA ${s}`);
  let collation: string | null = `${s}.${quoteIdent(CI_COLLATION)}`;
  try {
    await pool.query(`CREATE COLLATION ${collation} (provider = icu, locale = 'pl-PL-u-ks-level2', deterministic = false)`);
  } catch {
    collation = null;
  }
  for (const t of catalog.allTables()) {
    const cols = t.columns.map((c) => {
      const coll = collation && isStringKind(c.type) ? ` COLLATE ${collation}` : '';
      return `${quoteIdent(c.name)} ${pgTypeOf(c.type, { withLength: true })}${coll}${c.nullable ? '' : ' NOT NULL'}`;
    });
    if (t.primaryKey.length) cols.push(`PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
    await pool.query(`CREATE TABLE ${s}.${quoteIdent(t.name)} (${cols.join(', ')})`);
    for (const idx of t.indexes) await pool.query(`CREATE INDEX ON ${s}.${quoteIdent(t.name)} (${idx.map(quoteIdent).join(', ')})`);
  }
  return collation;
}
