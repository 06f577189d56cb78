import type { Catalog, CatalogColumn } from '../catalog/Catalog';
import { pgTypeOf } from '../catalog/pgTypes';
import { quoteIdent } from '../catalog/pgSchema';
import type { ColumnMeta } from '../tds/tokens';
import {
  BIGINT,
  BIT,
  FLOAT,
  INT,
  isBinaryKind,
  isDateKind,
  isIntegerKind,
  isNumericKind,
  isStringKind,
  precedence,
  typeToString,
  type SqlType,
} from '../tds/sqlTypes';
import type { Expr, FromItem, Select } from './ast';
import { SqlServerError, sqlErrors } from './SqlServerError';

/** A parameter bound to the statement (sp_executesql): its declared SQL type and its value. */
export interface BoundParam {
  type: SqlType;
  value: unknown;
}

export interface TranslateContext {
  catalog: Catalog;
  /** PostgreSQL schema holding the tables */
  schema: string;
  /** simulated SQL Server database name (DB_NAME(), 3-part names, messages) */
  database: string;
  /** lower-case '@name' → parameter */
  params: Map<string, BoundParam>;
  /** qualified PostgreSQL collation used for case-insensitive string columns, or null */
  ciCollation: string | null;
  version: string;
  /** session values behind @@TRANCOUNT, @@LANGUAGE, @@LOCK_TIMEOUT, @@TEXTSIZE */
  session?: { tranCount: number; language: string; lockTimeout: number; textsize: number; datefirst: number };
  spid: number;
}

export interface TranslatedQuery {
  sql: string;
  values: unknown[];
  columns: ColumnMeta[];
  /** SQL Server table names the query reads (for permission checks) */
  tables: string[];
}

interface Typed {
  sql: string;
  type: SqlType;
  nullable: boolean;
  bool?: boolean;
  aggregate?: boolean;
  /** output column name when selected without alias */
  name?: string;
}

interface ScopeTable {
  alias: string; // lower-case
  pgAlias: string;
  tableName: string;
  columns: CatalogColumn[];
  byName: Map<string, CatalogColumn>;
}

interface Scope {
  tables: ScopeTable[];
  parent?: Scope;
}

const NVARCHAR = (n: number | 'max'): SqlType => ({ kind: 'nvarchar', length: n });
const VARCHAR = (n: number | 'max'): SqlType => ({ kind: 'varchar', length: n });

function numberLiteralType(text: string): SqlType {
  if (/[eE]/.test(text)) return FLOAT;
  if (text.includes('.')) {
    const [i, f] = text.split('.');
    const scale = f.length;
    return { kind: 'decimal', precision: Math.max(i.replace(/^0+/, '').length + scale, 1), scale };
  }
  const n = Number(text);
  if (n <= 2147483647) return INT;
  if (n <= 9223372036854775807) return BIGINT;
  return { kind: 'decimal', precision: 38, scale: 0 };
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Translates one SELECT (and its sub-queries) into PostgreSQL, resolving every name against the catalog. */
export class Translator {
  private readonly values: unknown[] = [];
  private readonly paramIndex = new Map<string, number>();
  private readonly tables = new Set<string>();

  constructor(private readonly ctx: TranslateContext) {}

  translate(q: Select): TranslatedQuery {
    const { sql, columns } = this.select(q, undefined);
    return { sql, values: this.values, columns, tables: [...this.tables] };
  }

  private select(q: Select, parent: Scope | undefined): { sql: string; columns: ColumnMeta[] } {
    const scope: Scope = { tables: [], parent };
    const fromSql: string[] = [];
    for (const item of q.from) fromSql.push(this.fromItem(item, scope, fromSql.length === 0));

    const items: Array<{ typed: Typed; name: string }> = [];
    for (const it of q.items) {
      if (it.e.k === 'star') {
        const qual = it.e.qualifier?.toLowerCase();
        const tables = qual ? scope.tables.filter((t) => t.alias === qual) : scope.tables;
        if (qual && tables.length === 0) throw sqlErrors.unboundIdentifier(`${it.e.qualifier}.*`);
        if (tables.length === 0) throw new SqlServerError(263, 'Must specify table to select from.', 16);
        for (const t of tables)
          for (const c of t.columns) items.push({ typed: { sql: `${t.pgAlias}.${quoteIdent(c.name)}`, type: c.type, nullable: c.nullable }, name: c.name });
        continue;
      }
      const typed = this.expr(it.e, scope);
      if (typed.bool) throw sqlErrors.syntaxNear('=');
      items.push({ typed, name: it.alias ?? typed.name ?? '' });
    }

    const parts: string[] = ['SELECT'];
    if (q.distinct) parts.push('DISTINCT');
    parts.push(items.map((i, n) => `${i.typed.sql} AS ${quoteIdent(i.name || `col${n + 1}`)}`).join(', '));
    if (fromSql.length) parts.push('FROM', fromSql.join(' '));
    if (q.where) parts.push('WHERE', this.condition(q.where, scope, 'WHERE'));
    if (q.groupBy.length) parts.push('GROUP BY', q.groupBy.map((g) => this.expr(g, scope).sql).join(', '));
    if (q.having) parts.push('HAVING', this.condition(q.having, scope, 'HAVING'));
    if (q.orderBy.length) {
      const order = q.orderBy.map((o) => {
        let sql: string | undefined;
        if (o.e.k === 'col' && o.e.parts.length === 1) {
          const idx = items.findIndex((i) => i.name.toLowerCase() === (o.e as { parts: string[] }).parts[0].toLowerCase());
          if (idx >= 0 && q.items.some((it) => it.alias && it.alias.toLowerCase() === items[idx].name.toLowerCase())) sql = String(idx + 1);
        }
        if (o.e.k === 'num' && /^\d+$/.test(o.e.text)) {
          const n = Number(o.e.text);
          if (n < 1 || n > items.length) throw new SqlServerError(108, `The ORDER BY position number ${n} is out of range of the number of items in the select list.`, 15);
          sql = String(n);
        }
        sql ??= this.expr(o.e, scope).sql;
        // SQL Server sorts NULLs first ascending, last descending.
        return `${sql} ${o.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`;
      });
      parts.push('ORDER BY', order.join(', '));
    }
    if (q.top) parts.push('LIMIT', this.integerExpr(q.top, scope, 'TOP'));
    if (q.offset) {
      parts.push('OFFSET', this.integerExpr(q.offset, scope, 'OFFSET'), 'ROWS');
      if (q.fetch) parts.push('FETCH NEXT', this.integerExpr(q.fetch, scope, 'FETCH'), 'ROWS ONLY');
    }
    return { sql: parts.join(' '), columns: items.map((i) => ({ name: i.name, type: i.typed.type, nullable: i.typed.nullable })) };
  }

  private integerExpr(e: Expr, scope: Scope, clause: string): string {
    const t = this.expr(e, scope);
    if (!isIntegerKind(t.type) && !(t.type.kind === 'decimal' && t.type.scale === 0)) throw new SqlServerError(1060, `The number of rows provided for a ${clause} clause must be an integer.`, 15);
    return `(${t.sql})`;
  }

  private fromItem(item: FromItem, scope: Scope, first: boolean): string {
    let sourceSql: string;
    let st: ScopeTable;
    if (item.source.k === 'table') {
      const parts = item.source.parts;
      const display = parts.join('.');
      if (parts.length > 3) throw sqlErrors.invalidObject(display);
      if (parts.length === 3 && parts[0].toLowerCase() !== this.ctx.database.toLowerCase()) throw sqlErrors.invalidObject(display);
      if (parts.length >= 2 && parts[parts.length - 2] !== '' && parts[parts.length - 2].toLowerCase() !== 'dbo') throw sqlErrors.invalidObject(display);
      const table = this.ctx.catalog.table(parts[parts.length - 1]);
      if (!table) throw sqlErrors.invalidObject(display);
      this.tables.add(table.name);
      const alias = (item.alias ?? table.name).toLowerCase();
      if (scope.tables.some((t) => t.alias === alias)) throw new SqlServerError(1011, `The correlation name '${item.alias ?? table.name}' is specified multiple times in a FROM clause.`, 16);
      st = { alias, pgAlias: quoteIdent(alias), tableName: table.name, columns: table.columns, byName: table.byName };
      sourceSql = `${quoteIdent(this.ctx.schema)}.${quoteIdent(table.name)} AS ${st.pgAlias}`;
    } else {
      const sub = this.select(item.source.q, undefined);
      const alias = item.alias!.toLowerCase();
      const columns: CatalogColumn[] = sub.columns.map((c, n) => {
        if (!c.name) throw new SqlServerError(8155, `No column name was specified for column ${n + 1} of '${item.alias}'.`, 16);
        return { name: c.name, type: c.type, nullable: c.nullable };
      });
      st = { alias, pgAlias: quoteIdent(alias), tableName: item.alias!, columns, byName: new Map(columns.map((c) => [c.name.toLowerCase(), c])) };
      sourceSql = `(${sub.sql}) AS ${st.pgAlias}`;
    }
    scope.tables.push(st);
    if (first) return sourceSql;
    switch (item.join) {
      case 'cross':
        return `CROSS JOIN ${sourceSql}`;
      case 'left':
        return `LEFT JOIN ${sourceSql} ON ${this.condition(item.on!, scope, 'ON')}`;
      case 'right':
        return `RIGHT JOIN ${sourceSql} ON ${this.condition(item.on!, scope, 'ON')}`;
      case 'full':
        return `FULL JOIN ${sourceSql} ON ${this.condition(item.on!, scope, 'ON')}`;
      default:
        return `JOIN ${sourceSql} ON ${this.condition(item.on!, scope, 'ON')}`;
    }
  }

  private condition(e: Expr, scope: Scope, near: string): string {
    const t = this.expr(e, scope);
    if (!t.bool) throw sqlErrors.nonBoolean(near);
    return t.sql;
  }

  private resolveColumn(parts: string[], scope: Scope): Typed {
    const display = parts.join('.');
    const colName = parts[parts.length - 1];
    if (parts.length === 1) {
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        const hits = s.tables.filter((t) => t.byName.has(colName.toLowerCase()));
        if (hits.length > 1) throw sqlErrors.ambiguousColumn(colName);
        if (hits.length === 1) return this.columnRef(hits[0], colName);
      }
      throw sqlErrors.invalidColumn(colName);
    }
    // alias.column, table.column, dbo.table.column
    const qualifier = parts[parts.length - 2].toLowerCase();
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const t = s.tables.find((x) => x.alias === qualifier);
      if (t) {
        if (!t.byName.has(colName.toLowerCase())) throw sqlErrors.invalidColumn(colName);
        return this.columnRef(t, colName);
      }
    }
    throw sqlErrors.unboundIdentifier(display);
  }

  private columnRef(t: ScopeTable, colName: string): Typed {
    const c = t.byName.get(colName.toLowerCase())!;
    return { sql: `${t.pgAlias}.${quoteIdent(c.name)}`, type: c.type, nullable: c.nullable, name: c.name };
  }

  private param(name: string): Typed {
    const p = this.ctx.params.get(name.toLowerCase());
    if (!p) throw sqlErrors.undeclaredVariable(name);
    let idx = this.paramIndex.get(name.toLowerCase());
    if (idx === undefined) {
      this.values.push(p.value);
      idx = this.values.length;
      this.paramIndex.set(name.toLowerCase(), idx);
    }
    return { sql: `CAST($${idx} AS ${pgTypeOf(p.type)})`, type: p.type, nullable: true };
  }

  /** Converts `t` to type `to` for comparisons/arithmetics (SQL Server's implicit conversion by precedence). */
  private coerce(t: Typed, to: SqlType): string {
    if (t.type.kind === to.kind) return t.sql;
    if (isStringKind(to) && isStringKind(t.type)) return t.sql;
    if (isIntegerKind(t.type) && isIntegerKind(to)) return t.sql;
    return `CAST(${t.sql} AS ${pgTypeOf(to)})`;
  }

  private expr(e: Expr, scope: Scope): Typed {
    switch (e.k) {
      case 'num':
        return { sql: e.text, type: numberLiteralType(e.text), nullable: false };
      case 'str':
        return { sql: sqlString(e.value), type: e.unicode ? NVARCHAR(Math.max(e.value.length, 1)) : VARCHAR(Math.max(e.value.length, 1)), nullable: false };
      case 'null':
        return { sql: 'NULL', type: INT, nullable: true };
      case 'param':
        return this.param(e.name);
      case 'sysvar':
        return this.sysvar(e.name);
      case 'col':
        return this.resolveColumn(e.parts, scope);
      case 'star':
        throw sqlErrors.syntaxNear('*');
      case 'unary': {
        if (e.op === 'NOT') return { sql: `(NOT ${this.condition(e.e, scope, 'NOT')})`, type: BIT, nullable: true, bool: true };
        const t = this.expr(e.e, scope);
        if (!isNumericKind(t.type)) throw new SqlServerError(8116, `Argument data type ${typeToString(t.type)} is invalid for argument 1 of ${e.op} function.`, 16);
        return { ...t, sql: `(${e.op}${t.sql})`, name: undefined };
      }
      case 'bin':
        return this.binary(e.op, e.l, e.r, scope);
      case 'isnull': {
        const t = this.expr(e.e, scope);
        return { sql: `(${t.sql} IS ${e.not ? 'NOT ' : ''}NULL)`, type: BIT, nullable: false, bool: true };
      }
      case 'in': {
        const t = this.expr(e.e, scope);
        if (!Array.isArray(e.list)) {
          const sub = this.select(e.list, scope);
          if (sub.columns.length !== 1) throw new SqlServerError(116, 'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.', 16);
          return { sql: `(${t.sql} ${e.not ? 'NOT ' : ''}IN (${sub.sql}))`, type: BIT, nullable: true, bool: true };
        }
        const items = e.list.map((x) => this.expr(x, scope));
        const target = [t, ...items].reduce((a, b) => (precedence(b.type) > precedence(a.type) ? b : a)).type;
        return { sql: `(${this.coerce(t, target)} ${e.not ? 'NOT ' : ''}IN (${items.map((i) => this.coerce(i, target)).join(', ')}))`, type: BIT, nullable: true, bool: true };
      }
      case 'between': {
        const [a, lo, hi] = [this.expr(e.e, scope), this.expr(e.lo, scope), this.expr(e.hi, scope)];
        const target = [a, lo, hi].reduce((x, y) => (precedence(y.type) > precedence(x.type) ? y : x)).type;
        return { sql: `(${this.coerce(a, target)} ${e.not ? 'NOT ' : ''}BETWEEN ${this.coerce(lo, target)} AND ${this.coerce(hi, target)})`, type: BIT, nullable: true, bool: true };
      }
      case 'like': {
        const a = this.expr(e.e, scope);
        const p = this.expr(e.pattern, scope);
        if (e.pattern.k === 'str' && /\[/.test(e.pattern.value)) throw sqlErrors.unsupported('LIKE character classes ([...])');
        // Polish_CI_AS is case-insensitive: ILIKE under a deterministic ICU collation (nondeterministic ones cannot LIKE).
        const left = `(CAST(${a.sql} AS text) COLLATE "pl-x-icu")`;
        return { sql: `(${left} ${e.not ? 'NOT ' : ''}ILIKE CAST(${p.sql} AS text))`, type: BIT, nullable: true, bool: true };
      }
      case 'exists': {
        const sub = this.select(e.q, scope);
        return { sql: `(EXISTS (${sub.sql}))`, type: BIT, nullable: false, bool: true };
      }
      case 'subquery': {
        const sub = this.select(e.q, scope);
        if (sub.columns.length !== 1) throw new SqlServerError(116, 'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.', 16);
        return { sql: `(${sub.sql})`, type: sub.columns[0].type, nullable: true };
      }
      case 'func':
        return this.func(e.name, e.args, e.distinct, scope);
      case 'cast':
        return this.cast(e.e, e.to, e.style, scope);
      case 'case':
        return this.caseExpr(e, scope);
    }
  }

  private sysvar(name: string): Typed {
    switch (name) {
      case '@@VERSION':
        return { sql: sqlString(this.ctx.version), type: NVARCHAR(300), nullable: false };
      case '@@SPID':
        return { sql: String(this.ctx.spid), type: { kind: 'smallint' }, nullable: false };
      case '@@SERVERNAME':
        return { sql: sqlString('SUBIEKT-SIM'), type: NVARCHAR(128), nullable: false };
      case '@@ROWCOUNT':
        return { sql: '0', type: INT, nullable: false };
      case '@@TRANCOUNT':
        return { sql: String(this.ctx.session?.tranCount ?? 0), type: INT, nullable: false };
      case '@@LOCK_TIMEOUT':
        return { sql: String(this.ctx.session?.lockTimeout ?? -1), type: INT, nullable: false };
      case '@@TEXTSIZE':
        return { sql: String(this.ctx.session?.textsize ?? 4096), type: INT, nullable: false };
      case '@@MAX_PRECISION':
        // jTDS asks for it right after login
        return { sql: '38', type: { kind: 'tinyint' }, nullable: false };
      case '@@DATEFIRST':
        return { sql: String(this.ctx.session?.datefirst ?? 7), type: { kind: 'tinyint' }, nullable: false };
      case '@@LANGUAGE':
        return { sql: sqlString(this.ctx.session?.language ?? 'us_english'), type: NVARCHAR(128), nullable: false };
      default:
        throw sqlErrors.unsupported(name);
    }
  }

  private binary(op: string, le: Expr, re: Expr, scope: Scope): Typed {
    if (op === 'AND' || op === 'OR') {
      return { sql: `(${this.condition(le, scope, op)} ${op} ${this.condition(re, scope, op)})`, type: BIT, nullable: true, bool: true };
    }
    const l = this.expr(le, scope);
    const r = this.expr(re, scope);
    if (l.bool || r.bool) throw sqlErrors.syntaxNear(op);
    const nullable = l.nullable || r.nullable;
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
      const target = precedence(r.type) > precedence(l.type) ? r.type : l.type;
      if ((isBinaryKind(l.type) || l.type.kind === 'text') && op !== '=' && op !== '<>') throw sqlErrors.operandInvalid(typeToString(l.type), op);
      if (l.type.kind === 'text' || l.type.kind === 'image' || r.type.kind === 'text' || r.type.kind === 'image')
        throw new SqlServerError(402, `The data types ${typeToString(l.type)} and ${typeToString(r.type)} are incompatible in the ${op === '=' ? 'equal to' : op} operator.`, 16);
      return { sql: `(${this.coerce(l, target)} ${op} ${this.coerce(r, target)})`, type: BIT, nullable, bool: true };
    }
    // arithmetic / concatenation
    if (op === '+' && isStringKind(l.type) && isStringKind(r.type)) {
      const unicode = l.type.kind === 'nvarchar' || r.type.kind === 'nvarchar';
      return { sql: `(${l.sql} || ${r.sql})`, type: unicode ? NVARCHAR('max') : VARCHAR('max'), nullable };
    }
    const target = precedence(r.type) > precedence(l.type) ? r.type : l.type;
    if (!isNumericKind(target) || target.kind === 'bit') {
      if (isStringKind(target) || isBinaryKind(target) || isDateKind(target))
        throw new SqlServerError(8117, `Operand data type ${typeToString(target)} is invalid for ${opName(op)} operator.`, 16);
    }
    let resultType: SqlType = target.kind === 'bit' || target.kind === 'tinyint' || target.kind === 'smallint' ? INT : target;
    if (target.kind === 'decimal') resultType = { kind: 'decimal', precision: 38, scale: Math.max(scaleOf(l.type), scaleOf(r.type), op === '/' ? 6 : 0) };
    const pgOp = op === '%' ? '%' : op;
    let sql = `(${this.coerce(l, resultType)} ${pgOp} ${this.coerce(r, resultType)})`;
    if (resultType.kind === 'money' || resultType.kind === 'decimal') sql = `CAST(${sql} AS ${pgTypeOf(resultType)})`;
    return { sql, type: resultType, nullable: nullable || op === '/' };
  }

  private func(name: string, args: Expr[], distinct: boolean, scope: Scope): Typed {
    const arity = (min: number, max = min): void => {
      if (args.length < min || args.length > max) throw new SqlServerError(174, `The ${name.toLowerCase()} function requires ${min === max ? min : `${min} to ${max}`} argument(s).`, 15);
    };
    const a = (i: number): Typed => this.expr(args[i], scope);
    switch (name) {
      case 'ISNULL': {
        arity(2);
        const x = a(0);
        const y = a(1);
        return { sql: `COALESCE(${x.sql}, ${this.coerce(y, x.type)})`, type: x.type, nullable: x.nullable && y.nullable, name: undefined };
      }
      case 'COALESCE': {
        if (args.length < 2) throw new SqlServerError(174, 'The coalesce function requires 2 argument(s).', 15);
        const xs = args.map((_, i) => a(i));
        const target = xs.reduce((p, c) => (precedence(c.type) > precedence(p.type) ? c : p)).type;
        return { sql: `COALESCE(${xs.map((x) => this.coerce(x, target)).join(', ')})`, type: target, nullable: xs.every((x) => x.nullable) };
      }
      case 'COUNT':
      case 'COUNT_BIG': {
        arity(1);
        const inner = args[0].k === 'star' ? '*' : `${distinct ? 'DISTINCT ' : ''}${a(0).sql}`;
        return { sql: `COUNT(${inner})`, type: name === 'COUNT' ? INT : BIGINT, nullable: false, aggregate: true };
      }
      case 'SUM':
      case 'AVG':
      case 'MIN':
      case 'MAX': {
        arity(1);
        const x = a(0);
        if ((name === 'SUM' || name === 'AVG') && (x.type.kind === 'bit' || !isNumericKind(x.type))) throw sqlErrors.operandInvalid(typeToString(x.type), name.toLowerCase());
        let type = x.type;
        if (name === 'SUM' || name === 'AVG') {
          if (x.type.kind === 'tinyint' || x.type.kind === 'smallint') type = INT;
          if (x.type.kind === 'decimal') type = { kind: 'decimal', precision: 38, scale: name === 'AVG' ? Math.max(x.type.scale, 6) : x.type.scale };
        }
        const d = distinct ? 'DISTINCT ' : '';
        let sql = `${name}(${d}${x.sql})`;
        if (name === 'AVG' && isIntegerKind(x.type)) sql = `TRUNC(AVG(${d}${x.sql}))`; // integer AVG truncates in T-SQL
        if (name === 'AVG' || name === 'SUM') sql = `CAST(${sql} AS ${pgTypeOf(type)})`;
        return { sql, type, nullable: true, aggregate: true };
      }
      case 'DATALENGTH': {
        arity(1);
        const x = a(0);
        let sql: string;
        if (isBinaryKind(x.type)) sql = `OCTET_LENGTH(${x.sql})`;
        else if (x.type.kind === 'nvarchar' || x.type.kind === 'nchar') sql = `(2 * CHAR_LENGTH(${x.sql}))`;
        else if (isStringKind(x.type)) sql = `CHAR_LENGTH(${x.sql})`; // single-byte code page
        else sql = `CASE WHEN ${x.sql} IS NULL THEN NULL ELSE ${fixedSize(x.type)} END`;
        const big = 'length' in x.type && x.type.length === 'max';
        return { sql, type: big ? BIGINT : INT, nullable: true }; // bigint only for (max) types
      }
      case 'LEN': {
        arity(1);
        const x = a(0);
        return { sql: `CHAR_LENGTH(RTRIM(CAST(${x.sql} AS text)))`, type: INT, nullable: x.nullable };
      }
      case 'UPPER':
      case 'LOWER':
      case 'LTRIM':
      case 'RTRIM': {
        arity(1);
        const x = a(0);
        if (!isStringKind(x.type)) throw new SqlServerError(8116, `Argument data type ${typeToString(x.type)} is invalid for argument 1 of ${name.toLowerCase()} function.`, 16);
        return { sql: `${name}(${x.sql})`, type: x.type.kind === 'char' ? VARCHAR(x.type.length) : x.type, nullable: x.nullable };
      }
      case 'SUBSTRING': {
        arity(3);
        const x = a(0);
        return { sql: `SUBSTRING(CAST(${x.sql} AS text) FROM ${a(1).sql} FOR ${a(2).sql})`, type: x.type.kind === 'nvarchar' ? x.type : VARCHAR('length' in x.type ? x.type.length : 'max'), nullable: true };
      }
      case 'ABS':
      case 'FLOOR':
      case 'CEILING': {
        arity(1);
        const x = a(0);
        return { sql: `${name === 'CEILING' ? 'CEIL' : name}(${x.sql})`, type: x.type, nullable: x.nullable };
      }
      case 'ROUND': {
        arity(2, 3);
        const x = a(0);
        return { sql: `CAST(ROUND(${x.sql}, ${a(1).sql}) AS ${pgTypeOf(x.type)})`, type: x.type, nullable: x.nullable };
      }
      case 'CONCAT': {
        if (args.length < 2) throw new SqlServerError(189, 'The concat function requires 2 to 254 arguments.', 15);
        const xs = args.map((_, i) => a(i));
        // CONCAT converts money with style 0 (2 decimals), like CAST(money AS varchar).
        const sqls = xs.map((x) => (x.type.kind === 'money' ? `CAST(CAST(${x.sql} AS numeric(38,2)) AS text)` : `CAST(${x.sql} AS text)`));
        return { sql: `CONCAT(${sqls.join(', ')})`, type: xs.some((x) => x.type.kind === 'nvarchar') ? NVARCHAR('max') : VARCHAR('max'), nullable: false };
      }
      case 'GETDATE':
        arity(0);
        return { sql: 'LOCALTIMESTAMP(3)', type: { kind: 'datetime' }, nullable: false };
      case 'DB_NAME':
        arity(0);
        return { sql: sqlString(this.ctx.database), type: NVARCHAR(128), nullable: false };
      default:
        throw sqlErrors.unknownFunction(name);
    }
  }

  private cast(inner: Expr, to: SqlType, styleExpr: Expr | undefined, scope: Scope): Typed {
    const x = this.expr(inner, scope);
    if (x.bool) throw sqlErrors.syntaxNear('=');
    let style = 0;
    if (styleExpr) {
      if (styleExpr.k !== 'num') throw sqlErrors.unsupported('a non-constant CONVERT style');
      style = Number(styleExpr.text);
    }
    const from = x.type;
    const result = (sql: string): Typed => ({ sql, type: to, nullable: x.nullable });
    const toPg = pgTypeOf(to, { withLength: true });
    if (isStringKind(to)) {
      if (from.kind === 'money' || from.kind === 'decimal') {
        if (from.kind === 'money' && ![0, 2].includes(style)) throw sqlErrors.unsupported(`CONVERT of money with style ${style}`);
        // money → string: style 0 keeps 2 decimals (rounded), style 2 keeps all 4.
        const scale = from.kind === 'decimal' ? from.scale : style === 2 ? 4 : 2;
        return result(`CAST(CAST(CAST(${x.sql} AS numeric(38,${scale})) AS text) AS ${toPg})`);
      }
      if (isDateKind(from)) {
        const fmt: Record<number, string> = { 0: 'Mon DD YYYY HH12:MIAM', 23: 'YYYY-MM-DD', 112: 'YYYYMMDD', 120: 'YYYY-MM-DD HH24:MI:SS', 121: 'YYYY-MM-DD HH24:MI:SS.MS', 126: 'YYYY-MM-DD"T"HH24:MI:SS.MS' };
        if (!fmt[style]) throw sqlErrors.unsupported(`CONVERT of date/time with style ${style}`);
        return result(`CAST(TO_CHAR(${x.sql}, '${fmt[style]}') AS ${toPg})`);
      }
      if (isBinaryKind(from)) throw sqlErrors.unsupported('conversion of binary data to strings');
      if (from.kind === 'float') return result(`CAST(CAST(${x.sql} AS text) AS ${toPg})`);
      return result(`CAST(${x.sql} AS ${toPg})`);
    }
    if (isIntegerKind(to)) {
      if (to.kind === 'bit') {
        if (isStringKind(from)) return result(`CAST(CASE WHEN UPPER(CAST(${x.sql} AS text)) IN ('TRUE','1') THEN 1 WHEN UPPER(CAST(${x.sql} AS text)) IN ('FALSE','0') THEN 0 ELSE CAST(CAST(${x.sql} AS text) AS integer) END AS smallint)`);
        return result(`CAST(CASE WHEN ${x.sql} IS NULL THEN NULL WHEN ${x.sql} <> 0 THEN 1 ELSE 0 END AS smallint)`);
      }
      if (isBinaryKind(from) || isDateKind(from)) throw sqlErrors.unsupported(`conversion from ${typeToString(from)} to ${typeToString(to)}`);
      // numbers convert to integers by truncation in T-SQL (PostgreSQL would round)
      if (from.kind === 'money' || from.kind === 'decimal' || from.kind === 'float') return result(`CAST(TRUNC(${x.sql}) AS ${toPg})`);
      return result(`CAST(${x.sql} AS ${toPg})`);
    }
    if (to.kind === 'money' || to.kind === 'decimal' || to.kind === 'float') {
      if (isBinaryKind(from) || isDateKind(from)) throw sqlErrors.unsupported(`conversion from ${typeToString(from)} to ${typeToString(to)}`);
      return result(`CAST(${x.sql} AS ${toPg})`);
    }
    if (isDateKind(to)) {
      if (!isStringKind(from) && !isDateKind(from)) throw sqlErrors.unsupported(`conversion from ${typeToString(from)} to ${typeToString(to)}`);
      return result(`CAST(${x.sql} AS ${toPg})`);
    }
    if (isBinaryKind(to)) {
      if (isBinaryKind(from)) return result(x.sql);
      if (from.kind === 'varchar' || from.kind === 'char' || from.kind === 'text') return result(`CONVERT_TO(CAST(${x.sql} AS text), 'WIN1250')`);
      throw sqlErrors.unsupported(`conversion from ${typeToString(from)} to ${typeToString(to)}`);
    }
    throw sqlErrors.unsupported(`conversion to ${typeToString(to)}`);
  }

  private caseExpr(e: Extract<Expr, { k: 'case' }>, scope: Scope): Typed {
    const operand = e.operand ? this.expr(e.operand, scope) : undefined;
    const whens = e.whens.map((w) => ({ when: operand ? this.expr(w.when, scope) : undefined, cond: operand ? undefined : this.condition(w.when, scope, 'WHEN'), then: this.expr(w.then, scope) }));
    const elseT = e.else ? this.expr(e.else, scope) : undefined;
    const results = [...whens.map((w) => w.then), ...(elseT ? [elseT] : [])].filter((t) => t.sql !== 'NULL');
    if (results.length === 0) throw new SqlServerError(8133, 'At least one of the result expressions in a CASE specification must be an expression other than the NULL constant.', 16);
    const type = results.reduce((p, c) => (precedence(c.type) > precedence(p.type) ? c : p)).type;
    const pgT = pgTypeOf(type);
    const branch = (t: Typed): string => `CAST(${t.sql} AS ${pgT})`;
    const parts = ['CASE'];
    for (const w of whens) {
      if (operand) {
        const target = precedence(w.when!.type) > precedence(operand.type) ? w.when!.type : operand.type;
        parts.push(`WHEN ${this.coerce(operand, target)} = ${this.coerce(w.when!, target)} THEN ${branch(w.then)}`);
      } else parts.push(`WHEN ${w.cond} THEN ${branch(w.then)}`);
    }
    if (elseT) parts.push(`ELSE ${branch(elseT)}`);
    parts.push('END');
    return { sql: `(${parts.join(' ')})`, type, nullable: true };
  }
}

function scaleOf(t: SqlType): number {
  return t.kind === 'decimal' ? t.scale : t.kind === 'money' ? 4 : 0;
}

function fixedSize(t: SqlType): number {
  switch (t.kind) {
    case 'bit':
    case 'tinyint':
      return 1;
    case 'smallint':
      return 2;
    case 'int':
      return 4;
    default:
      return 8;
  }
}

function opName(op: string): string {
  return ({ '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'modulo' } as Record<string, string>)[op] ?? op;
}

