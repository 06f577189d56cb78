/** SQL Server data types the simulator knows, as the engine describes columns, parameters and expressions. */
export type SqlType =
  | { kind: 'tinyint' | 'smallint' | 'int' | 'bigint' | 'bit' | 'money' | 'float' | 'datetime' | 'date' | 'text' | 'image' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'datetime2'; scale: number }
  | { kind: 'varchar' | 'nvarchar' | 'varbinary'; length: number | 'max' }
  | { kind: 'char' | 'nchar'; length: number };

export type SqlTypeKind = SqlType['kind'];

export const INT: SqlType = { kind: 'int' };
export const BIGINT: SqlType = { kind: 'bigint' };
export const BIT: SqlType = { kind: 'bit' };
export const MONEY: SqlType = { kind: 'money' };
export const FLOAT: SqlType = { kind: 'float' };
export const DATETIME: SqlType = { kind: 'datetime' };

export function isIntegerKind(t: SqlType): boolean {
  return t.kind === 'tinyint' || t.kind === 'smallint' || t.kind === 'int' || t.kind === 'bigint' || t.kind === 'bit';
}

export function isNumericKind(t: SqlType): boolean {
  return isIntegerKind(t) || t.kind === 'money' || t.kind === 'decimal' || t.kind === 'float';
}

export function isStringKind(t: SqlType): boolean {
  return t.kind === 'varchar' || t.kind === 'nvarchar' || t.kind === 'char' || t.kind === 'nchar' || t.kind === 'text';
}

export function isUnicodeKind(t: SqlType): boolean {
  return t.kind === 'nvarchar' || t.kind === 'nchar';
}

export function isBinaryKind(t: SqlType): boolean {
  return t.kind === 'varbinary' || t.kind === 'image';
}

export function isDateKind(t: SqlType): boolean {
  return t.kind === 'datetime' || t.kind === 'date' || t.kind === 'datetime2';
}

/** `varchar(20)`, `money`, `decimal(19,4)`, `nvarchar(max)` → SqlType; undefined when not a known type name. */
export function parseTypeName(name: string, args: Array<number | 'max'> = []): SqlType | undefined {
  const n = name.toLowerCase();
  const a0 = args[0];
  switch (n) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
    case 'bit':
    case 'money':
    case 'datetime':
    case 'date':
    case 'text':
    case 'image':
      return { kind: n };
    case 'integer':
      return INT;
    case 'float':
    case 'real':
      return FLOAT;
    case 'smallmoney':
      return MONEY;
    case 'decimal':
    case 'numeric': {
      const p = typeof a0 === 'number' ? a0 : 18;
      const s = typeof args[1] === 'number' ? args[1] : 0;
      return { kind: 'decimal', precision: p, scale: s };
    }
    case 'datetime2':
      return { kind: 'datetime2', scale: typeof a0 === 'number' ? a0 : 7 };
    case 'varchar':
    case 'nvarchar':
    case 'varbinary':
      return { kind: n, length: a0 ?? 1 };
    case 'char':
    case 'nchar':
      return { kind: n, length: typeof a0 === 'number' ? a0 : 1 };
    default:
      return undefined;
  }
}

/** T-SQL spelling of a type, for messages. */
export function typeToString(t: SqlType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'datetime2':
      return `datetime2(${t.scale})`;
    case 'varchar':
    case 'nvarchar':
    case 'varbinary':
    case 'char':
    case 'nchar':
      return `${t.kind}(${t.length})`;
    default:
      return t.kind;
  }
}

/** Data type precedence (higher wins in implicit conversions), per SQL Server's documented order. */
export function precedence(t: SqlType): number {
  const order: SqlTypeKind[] = ['varbinary', 'image', 'char', 'varchar', 'nchar', 'nvarchar', 'text', 'bit', 'tinyint', 'smallint', 'int', 'bigint', 'money', 'decimal', 'float', 'date', 'datetime', 'datetime2'];
  return order.indexOf(t.kind);
}
