import { parseTypeName, type SqlType } from '../tds/sqlTypes';
import type { TableDef } from './subiektTables';

export interface CatalogColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
}

export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  /** lower-case column name → column */
  byName: Map<string, CatalogColumn>;
  primaryKey: string[];
  indexes: string[][];
}

/** Parses "tw_Symbol varchar(20) NULL" into a column. */
export function parseColumnSpec(spec: string): CatalogColumn {
  const m = /^(\w+)\s+(\w+)(?:\((\w+)(?:,\s*(\d+))?\))?(\s+NULL)?$/.exec(spec.trim());
  if (!m) throw new Error(`bad column spec: ${spec}`);
  const args: Array<number | 'max'> = [];
  if (m[3]) args.push(m[3].toLowerCase() === 'max' ? 'max' : Number(m[3]));
  if (m[4]) args.push(Number(m[4]));
  const type = parseTypeName(m[2], args);
  if (!type) throw new Error(`unknown type in column spec: ${spec}`);
  return { name: m[1], type, nullable: Boolean(m[5]) };
}

/**
 * The SQL Server metadata of the simulated database: table and column names (case-insensitive, as with a
 * CI collation) with their SQL Server types. The PostgreSQL tables hold the data; this map decides what the
 * wire metadata says and which names exist.
 */
export class Catalog {
  private readonly tables = new Map<string, CatalogTable>();

  constructor(defs: TableDef[]) {
    for (const d of defs) {
      const columns = d.columns.map(parseColumnSpec);
      this.tables.set(d.name.toLowerCase(), {
        name: d.name,
        columns,
        byName: new Map(columns.map((c) => [c.name.toLowerCase(), c])),
        primaryKey: d.primaryKey,
        indexes: d.indexes ?? [],
      });
    }
  }

  table(name: string): CatalogTable | undefined {
    return this.tables.get(name.toLowerCase());
  }

  allTables(): CatalogTable[] {
    return [...this.tables.values()];
  }

  /** Removes a column from the metadata (tests simulate an older/different Subiekt schema). */
  dropColumn(table: string, column: string): CatalogColumn {
    const t = this.table(table);
    const c = t?.byName.get(column.toLowerCase());
    if (!t || !c) throw new Error(`no column ${table}.${column}`);
    t.byName.delete(column.toLowerCase());
    t.columns = t.columns.filter((x) => x !== c);
    return c;
  }

  addColumn(table: string, column: CatalogColumn): void {
    const t = this.table(table);
    if (!t) throw new Error(`no table ${table}`);
    t.columns.push(column);
    t.byName.set(column.name.toLowerCase(), column);
  }
}
