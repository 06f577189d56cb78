import { SqlServerError, sqlErrors } from './SqlServerError';

export type TokenKind = 'ident' | 'qident' | 'keyword' | 'var' | 'sysvar' | 'number' | 'string' | 'nstring' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** keyword: upper-case; ident: as written; qident: unquoted content; string: decoded value */
  value: string;
  pos: number;
}

/** Words that cannot be used as bare identifiers (a subset of T-SQL's reserved words). */
export const RESERVED = new Set(
  (
    'SELECT FROM WHERE AND OR NOT NULL IS IN BETWEEN LIKE AS ON JOIN INNER LEFT RIGHT FULL OUTER CROSS APPLY ORDER BY GROUP HAVING ' +
    'TOP DISTINCT ALL ASC DESC CASE WHEN THEN ELSE END CAST CONVERT EXISTS UNION INTERSECT EXCEPT INSERT UPDATE DELETE INTO VALUES ' +
    'SET USE DECLARE EXEC EXECUTE CREATE DROP ALTER TRUNCATE MERGE WITH BEGIN COMMIT ROLLBACK TRAN TRANSACTION IF WHILE RETURN ' +
    'OFFSET FETCH PERCENT PIVOT UNPIVOT OVER GRANT REVOKE DENY BACKUP RESTORE OPENROWSET OPENQUERY COLLATE ESCAPE FOR'
  ).split(' '),
);

const OPS = ['<>', '!=', '<=', '>=', '!<', '!>', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '.', ';'];

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    const start = i;
    if ((c === 'N' || c === 'n') && sql[i + 1] === "'") {
      i++;
      out.push({ kind: 'nstring', value: readQuoted(), pos: start });
      continue;
    }
    if (c === "'") {
      out.push({ kind: 'string', value: readQuoted(), pos: start });
      continue;
    }
    if (c === '[') {
      let v = '';
      i++;
      for (;;) {
        if (i >= n) throw sqlErrors.syntaxNear(sql.slice(start, start + 20));
        if (sql[i] === ']') {
          if (sql[i + 1] === ']') {
            v += ']';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push({ kind: 'qident', value: v, pos: start });
      continue;
    }
    if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw sqlErrors.syntaxNear(sql.slice(start, start + 20));
      out.push({ kind: 'qident', value: sql.slice(i + 1, end), pos: start });
      i = end + 1;
      continue;
    }
    if (c === '@') {
      const sys = sql[i + 1] === '@';
      i += sys ? 2 : 1;
      while (i < n && /[A-Za-z0-9_@#$]/.test(sql[i])) i++;
      out.push({ kind: sys ? 'sysvar' : 'var', value: sql.slice(start, i), pos: start });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      if (c === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) throw sqlErrors.unsupported('binary literals (0x...)');
      while (i < n && /[0-9]/.test(sql[i])) i++;
      if (sql[i] === '.') {
        i++;
        while (i < n && /[0-9]/.test(sql[i])) i++;
      }
      if ((sql[i] === 'e' || sql[i] === 'E') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < n && /[0-9]/.test(sql[i])) i++;
      }
      out.push({ kind: 'number', value: sql.slice(start, i), pos: start });
      continue;
    }
    if (/[A-Za-z_#\u00C0-\u024F]/.test(c)) {
      while (i < n && /[A-Za-z0-9_@#$\u00C0-\u024F]/.test(sql[i])) i++;
      const word = sql.slice(start, i);
      const upper = word.toUpperCase();
      out.push(RESERVED.has(upper) ? { kind: 'keyword', value: upper, pos: start } : { kind: 'ident', value: word, pos: start });
      continue;
    }
    const op = OPS.find((o) => sql.startsWith(o, i));
    if (!op) throw sqlErrors.syntaxNear(c);
    i += op.length;
    out.push({ kind: 'op', value: op, pos: start });
  }
  out.push({ kind: 'eof', value: '', pos: n });
  return out;

  function readQuoted(): string {
    // at the opening quote
    let v = '';
    i++;
    for (;;) {
      if (i >= n) throw new SqlServerError(105, `Unclosed quotation mark after the character string '${v}'.`, 15);
      if (sql[i] === "'") {
        if (sql[i + 1] === "'") {
          v += "'";
          i += 2;
          continue;
        }
        i++;
        return v;
      }
      v += sql[i++];
    }
  }
}
