import type { SqlType } from '../tds/sqlTypes';

/** How each SQL Server type is stored/computed in PostgreSQL. bit is smallint so `tw_Usuniety = 0` works as in T-SQL. */
export function pgTypeOf(t: SqlType, opts: { withLength?: boolean } = {}): string {
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'bit':
      return 'smallint';
    case 'int':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'money':
      return 'numeric(19,4)';
    case 'decimal':
      return `numeric(${t.precision},${t.scale})`;
    case 'float':
      return 'double precision';
    case 'datetime':
      return 'timestamp(3)';
    case 'datetime2':
      return 'timestamp(6)';
    case 'date':
      return 'date';
    case 'varchar':
    case 'nvarchar':
      return opts.withLength && t.length !== 'max' ? `varchar(${t.length})` : 'text';
    case 'char':
    case 'nchar':
      return opts.withLength ? `char(${t.length})` : 'text';
    case 'text':
      return 'text';
    case 'varbinary':
    case 'image':
      return 'bytea';
  }
}
