import type { Pool } from 'pg';
import { types as pgTypes } from 'pg';
import type { TranslatedQuery } from './tsql/translator';
import { SqlServerError, sqlErrors } from './tsql/SqlServerError';

const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;

/** Dates stay wall-clock text (no time zone applied); numerics and int8 stay exact strings (pg's default). */
const rawTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP_OID || oid === DATE_OID || oid === TIMESTAMPTZ_OID) return (v: string) => v;
    return pgTypes.getTypeParser(oid, format as 'text');
  },
};

/** Runs a translated SELECT on PostgreSQL and returns its rows as arrays, in select-list order. */
export async function executeQuery(pool: Pool, q: TranslatedQuery): Promise<unknown[][]> {
  try {
    const res = await pool.query({ text: q.sql, values: q.values, rowMode: 'array', types: rawTypes as never });
    return res.rows as unknown[][];
  } catch (e) {
    throw toSqlServerError(e);
  }
}

/** Execution-time PostgreSQL errors, reported with the SQL Server number a client would see. */
function toSqlServerError(e: unknown): SqlServerError {
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case '22012':
      return sqlErrors.divideByZero();
    case '22P02':
    case '22007':
    case '22008':
      return new SqlServerError(245, `Conversion failed: ${err.message}`, 16);
    case '22003':
      return new SqlServerError(8115, 'Arithmetic overflow error converting expression to data type.', 16);
    case '42803':
      return new SqlServerError(8120, `Column is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause. (${err.message})`, 16);
    case '21000':
      return new SqlServerError(512, 'Subquery returned more than 1 value. This is not permitted when the subquery follows =, !=, <, <= , >, >= or when the subquery is used as an expression.', 16);
    default:
      return new SqlServerError(50000, `The Subiekt GT simulator could not execute the statement: ${err.message ?? String(e)}`, 16);
  }
}
