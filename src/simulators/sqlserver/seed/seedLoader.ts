import type { Pool } from 'pg';
import type { Catalog, CatalogColumn } from '../catalog/Catalog';
import { quoteIdent } from '../catalog/pgSchema';
import type { SeedRow, SubiektSeedData } from './subiektSeed';

/** Value of a NOT NULL column the seed left out (GT's own defaults: 0, '' and 'PLN' style). */
function defaultFor(c: CatalogColumn): string | number | null {
  if (c.nullable) return null;
  switch (c.type.kind) {
    case 'varchar':
    case 'nvarchar':
    case 'text':
      return '';
    case 'char':
    case 'nchar':
      return c.name.toLowerCase().includes('walut') ? 'PLN' : '';
    case 'datetime':
      return '1900-01-01 00:00:00';
    default:
      return 0;
  }
}

function jsonValue(v: SeedRow[string]): unknown {
  return Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : v;
}

/** Inserts rows into one simulator table in JSON batches (fast enough for 100,000 products). */
export async function insertRows(pool: Pool, schema: string, catalog: Catalog, table: string, rows: SeedRow[]): Promise<void> {
  const t = catalog.table(table);
  if (!t) throw new Error(`unknown table ${table}`);
  const BATCH = 5000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => {
      const out: Record<string, unknown> = {};
      for (const c of t.columns) out[c.name] = c.name in r ? jsonValue(r[c.name]) : defaultFor(c);
      return out;
    });
    const q = `${quoteIdent(schema)}.${quoteIdent(t.name)}`;
    await pool.query(`INSERT INTO ${q} SELECT * FROM json_populate_recordset(NULL::${q}, $1::json)`, [JSON.stringify(batch)]);
  }
}

export async function loadSeed(pool: Pool, schema: string, catalog: Catalog, data: SubiektSeedData): Promise<void> {
  for (const [table, rows] of Object.entries(data.tables)) await insertRows(pool, schema, catalog, table, rows);
  await pool.query(`ANALYZE`);
}
