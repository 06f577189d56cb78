import { parseTypeName, type SqlType } from '../tds/sqlTypes';
import type { Expr, FromItem, OrderItem, Select, SelectItem, Statement } from './ast';
import { tokenize, type Token } from './lexer';
import { SqlServerError, sqlErrors } from './SqlServerError';
import { ISOLATION_LEVELS, REFUSED_SET_OPTIONS, SET_OPTIONS } from './setOptions';

/** Statement keywords that the simulator recognises but refuses (it is a read-only SELECT engine). */
const REFUSED_STATEMENTS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'EXEC', 'EXECUTE', 'DECLARE', 'WITH', 'WHILE', 'RETURN', 'GRANT', 'REVOKE', 'DENY', 'BACKUP', 'RESTORE']);

/** Recursive-descent parser for the supported T-SQL subset. Anything else raises a SqlServerError (102/156). */
class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly sql: string,
  ) {}

  private get t(): Token {
    return this.toks[this.i];
  }

  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }

  private next(): Token {
    return this.toks[this.i++];
  }

  private isKw(...kws: string[]): boolean {
    return this.t.kind === 'keyword' && kws.includes(this.t.value);
  }

  private isOp(op: string): boolean {
    return this.t.kind === 'op' && this.t.value === op;
  }

  private acceptKw(kw: string): boolean {
    if (this.isKw(kw)) {
      this.i++;
      return true;
    }
    return false;
  }

  private acceptOp(op: string): boolean {
    if (this.isOp(op)) {
      this.i++;
      return true;
    }
    return false;
  }

  private fail(): never {
    const t = this.t;
    if (t.kind === 'eof') throw sqlErrors.syntaxNear(this.toks[this.i - 1]?.value ?? '');
    if (t.kind === 'keyword') throw sqlErrors.syntaxNearKeyword(t.value);
    throw sqlErrors.syntaxNear(t.kind === 'string' ? t.value : t.value);
  }

  private expectKw(kw: string): void {
    if (!this.acceptKw(kw)) this.fail();
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) this.fail();
  }

  /** ident or [quoted ident] */
  private name(): string {
    const t = this.t;
    if (t.kind === 'ident' || t.kind === 'qident') {
      this.i++;
      return t.value;
    }
    return this.fail();
  }

  statements(): Statement[] {
    const out: Statement[] = [];
    while (this.t.kind !== 'eof') {
      if (this.acceptOp(';')) continue;
      out.push(this.statement());
    }
    return out;
  }

  private statement(): Statement {
    const start = this.t.pos;
    if (this.isKw('SELECT')) {
      const q = this.select();
      if (this.isKw('UNION', 'INTERSECT', 'EXCEPT')) throw sqlErrors.unsupported(this.t.value);
      if (this.isKw('FOR')) throw sqlErrors.unsupported('FOR XML/JSON');
      return { k: 'select', q, text: this.sql.slice(start, this.t.pos) };
    }
    if (this.acceptKw('SET')) return this.setStatement();
    if (this.acceptKw('USE')) return { k: 'use', database: this.name() };
    if (this.isKw('BEGIN') || this.isKw('COMMIT') || this.isKw('ROLLBACK') || this.isIdentWord('SAVE')) return this.transactionOrBlock();
    if (this.acceptKw('IF')) {
      const cond = this.expr();
      const then = this.statement();
      this.acceptOp(';');
      if (this.acceptKw('ELSE')) return { k: 'if', cond, then, else: this.statement() };
      return { k: 'if', cond, then };
    }
    if (this.t.kind === 'keyword' && REFUSED_STATEMENTS.has(this.t.value)) {
      throw sqlErrors.unsupported(`${this.t.value} statements`);
    }
    return this.fail();
  }

  /** `SET option ON|OFF` (also `SET a, b, c ON`), `SET TEXTSIZE n`, `SET LANGUAGE name`, `SET TRANSACTION ISOLATION LEVEL …`. */
  private setStatement(): Statement {
    if (this.t.kind === 'var') throw sqlErrors.unsupported('SET @variable');
    if (this.acceptKw('TRANSACTION')) {
      this.acceptIdentWord('ISOLATION');
      this.acceptIdentWord('LEVEL');
      const words: string[] = [];
      while (this.t.kind === 'ident') words.push(this.next().value.toUpperCase());
      const level = words.join(' ');
      if (!ISOLATION_LEVELS.includes(level)) return this.fail();
      return { k: 'set', options: [{ name: 'TRANSACTION ISOLATION LEVEL', value: level }] };
    }
    const optionName = (): string => {
      const t = this.t;
      if (t.kind !== 'ident' && t.kind !== 'keyword') return this.fail();
      this.i++;
      const name = t.value.toUpperCase();
      if (REFUSED_SET_OPTIONS.has(name)) throw sqlErrors.unsupported(`SET ${name}`);
      if (!SET_OPTIONS.has(name)) throw new SqlServerError(195, `'${t.value}' is not a recognized SET option.`, 15);
      return name;
    };
    const first = optionName();
    const kind = SET_OPTIONS.get(first);
    if (kind === 'onoff') {
      const names = [first];
      while (this.acceptOp(',')) {
        const n = optionName();
        if (SET_OPTIONS.get(n) !== 'onoff') this.fail();
        names.push(n);
      }
      let value: string;
      if (this.acceptKw('ON')) value = 'ON';
      else if (this.isIdentWord('OFF')) {
        this.i++;
        value = 'OFF';
      } else return this.fail();
      return { k: 'set', options: names.map((name) => ({ name, value })) };
    }
    const negative = this.acceptOp('-');
    const t = this.t;
    if (kind === 'int') {
      if (t.kind !== 'number' || !/^\d+$/.test(t.value)) return this.fail();
      this.i++;
      return { k: 'set', options: [{ name: first, value: `${negative ? '-' : ''}${t.value}` }] };
    }
    if (t.kind !== 'ident' && t.kind !== 'qident' && t.kind !== 'string' && t.kind !== 'nstring' && t.kind !== 'number') return this.fail();
    this.i++;
    return { k: 'set', options: [{ name: first, value: `${negative ? '-' : ''}${t.value}` }] };
  }

  /** BEGIN TRAN[SACTION] [name], COMMIT|ROLLBACK [TRAN[SACTION] [name] | WORK], SAVE TRAN name, or a BEGIN … END block. */
  private transactionOrBlock(): Statement {
    const word = this.next().value.toUpperCase();
    const tranKeyword = (): boolean => this.acceptKw('TRAN') || this.acceptKw('TRANSACTION');
    const tranName = (): string | undefined => {
      const t = this.t;
      if (t.kind === 'ident' || t.kind === 'qident' || t.kind === 'var') {
        this.i++;
        return t.value;
      }
      return undefined;
    };
    if (word === 'BEGIN') {
      if (this.isIdentWord('DISTRIBUTED')) throw sqlErrors.unsupported('distributed transactions');
      if (!tranKeyword()) {
        const body: Statement[] = [];
        while (!this.isKw('END')) {
          if (this.t.kind === 'eof') return this.fail();
          if (this.acceptOp(';')) continue;
          body.push(this.statement());
        }
        this.expectKw('END');
        return { k: 'block', body };
      }
      const name = tranName();
      if (this.acceptKw('WITH')) {
        this.acceptIdentWord('MARK');
        if (this.t.kind === 'string' || this.t.kind === 'nstring') this.i++;
      }
      return { k: 'tran', verb: 'begin', name };
    }
    if (word === 'SAVE') {
      if (!tranKeyword()) return this.fail();
      const name = tranName();
      if (!name) return this.fail();
      return { k: 'tran', verb: 'save', name };
    }
    const verb = word === 'COMMIT' ? 'commit' : 'rollback';
    if (this.isIdentWord('WORK')) {
      this.i++;
      return { k: 'tran', verb };
    }
    if (tranKeyword()) return { k: 'tran', verb, name: tranName() };
    return { k: 'tran', verb };
  }

  select(): Select {
    this.expectKw('SELECT');
    const q: Select = { distinct: false, items: [], from: [], groupBy: [], orderBy: [] };
    if (this.acceptKw('DISTINCT')) q.distinct = true;
    else this.acceptKw('ALL');
    if (this.acceptKw('TOP')) {
      if (this.acceptOp('(')) {
        q.top = this.expr();
        this.expectOp(')');
      } else if (this.t.kind === 'number' || this.t.kind === 'var') {
        const t = this.next();
        q.top = t.kind === 'number' ? { k: 'num', text: t.value } : { k: 'param', name: t.value };
      } else this.fail();
      if (this.isKw('PERCENT')) throw sqlErrors.unsupported('TOP ... PERCENT');
      if (this.isKw('WITH')) throw sqlErrors.unsupported('TOP ... WITH TIES');
    }
    do q.items.push(this.selectItem());
    while (this.acceptOp(','));
    if (this.isKw('INTO')) throw sqlErrors.unsupported('SELECT ... INTO');
    if (this.acceptKw('FROM')) {
      q.from.push(this.tableRef());
      for (;;) {
        if (this.acceptOp(',')) {
          q.from.push({ ...this.tableRef(), join: 'cross' });
          continue;
        }
        const join = this.joinKind();
        if (!join) break;
        const ref = this.tableRef();
        if (join !== 'cross') {
          this.expectKw('ON');
          ref.on = this.expr();
        }
        q.from.push({ ...ref, join });
      }
    }
    if (this.acceptKw('WHERE')) q.where = this.expr();
    if (this.acceptKw('GROUP')) {
      this.expectKw('BY');
      do q.groupBy.push(this.expr());
      while (this.acceptOp(','));
    }
    if (this.acceptKw('HAVING')) q.having = this.expr();
    if (this.acceptKw('ORDER')) {
      this.expectKw('BY');
      do q.orderBy.push(this.orderItem());
      while (this.acceptOp(','));
      if (this.acceptKw('OFFSET')) {
        q.offset = this.expr();
        if (!this.acceptKw('ROWS') && !this.acceptKw('ROW')) this.acceptIdentWord('ROWS', 'ROW');
        if (this.acceptKw('FETCH')) {
          this.acceptIdentWord('NEXT', 'FIRST');
          q.fetch = this.expr();
          this.acceptIdentWord('ROWS', 'ROW');
          this.acceptIdentWord('ONLY');
        }
      }
    }
    if (this.isKw('OPTION') || (this.t.kind === 'ident' && this.t.value.toUpperCase() === 'OPTION')) throw sqlErrors.unsupported('OPTION query hints');
    if (q.top && q.offset) throw sqlErrors.unsupported('TOP together with OFFSET');
    return q;
  }

  /** Non-reserved words used as syntax (ROWS, NEXT, ONLY): must be present. */
  private acceptIdentWord(...words: string[]): void {
    if ((this.t.kind === 'ident' || this.t.kind === 'keyword') && words.includes(this.t.value.toUpperCase())) {
      this.i++;
      return;
    }
    this.fail();
  }

  private isIdentWord(word: string): boolean {
    return this.t.kind === 'ident' && this.t.value.toUpperCase() === word;
  }

  private joinKind(): FromItem['join'] | undefined {
    if (this.acceptKw('JOIN')) return 'inner';
    if (this.acceptKw('INNER')) {
      this.expectKw('JOIN');
      return 'inner';
    }
    for (const [kw, kind] of [['LEFT', 'left'], ['RIGHT', 'right'], ['FULL', 'full']] as const) {
      if (this.acceptKw(kw)) {
        this.acceptKw('OUTER');
        this.expectKw('JOIN');
        return kind;
      }
    }
    if (this.isKw('CROSS') || this.isKw('OUTER')) {
      if (this.peek().kind === 'keyword' && this.peek().value === 'APPLY') throw sqlErrors.unsupported(`${this.t.value} APPLY`);
      this.expectKw('CROSS');
      this.expectKw('JOIN');
      return 'cross';
    }
    return undefined;
  }

  private tableRef(): FromItem {
    let item: FromItem;
    if (this.acceptOp('(')) {
      if (!this.isKw('SELECT')) this.fail();
      const q = this.select();
      this.expectOp(')');
      item = { source: { k: 'derived', q } };
    } else {
      if (this.t.kind === 'keyword' && ['OPENROWSET', 'OPENQUERY'].includes(this.t.value)) throw sqlErrors.unsupported(this.t.value);
      const parts = [this.name()];
      while (this.acceptOp('.')) parts.push(this.isOp('.') ? '' : this.name());
      if (this.isOp('(')) throw sqlErrors.unsupported('table-valued functions');
      item = { source: { k: 'table', parts } };
    }
    if (this.acceptKw('AS')) item.alias = this.name();
    else if (this.t.kind === 'ident' || this.t.kind === 'qident') item.alias = this.name();
    if (item.source.k === 'derived' && !item.alias) this.fail();
    this.tableHints();
    return item;
  }

  /** WITH (NOLOCK) and friends: accepted, no effect on the simulator. */
  private tableHints(): void {
    if (this.isKw('WITH') && this.peek().kind === 'op' && this.peek().value === '(') {
      this.i += 2;
      do this.name();
      while (this.acceptOp(','));
      this.expectOp(')');
    }
  }

  private selectItem(): SelectItem {
    if (this.isOp('*')) {
      this.i++;
      return { e: { k: 'star' } };
    }
    if ((this.t.kind === 'ident' || this.t.kind === 'qident') && this.peek().value === '.' && this.peek(2).value === '*' && this.peek(2).kind === 'op') {
      const qualifier = this.name();
      this.i += 2;
      return { e: { k: 'star', qualifier } };
    }
    // alias = expr form
    if ((this.t.kind === 'ident' || this.t.kind === 'qident') && this.peek().kind === 'op' && this.peek().value === '=') {
      const alias = this.name();
      this.i++;
      return { e: this.expr(), alias };
    }
    const e = this.expr();
    if (this.acceptKw('AS')) return { e, alias: this.t.kind === 'string' ? this.next().value : this.name() };
    if (this.t.kind === 'ident' || this.t.kind === 'qident') return { e, alias: this.name() };
    if (this.t.kind === 'string') return { e, alias: this.next().value };
    return { e };
  }

  private orderItem(): OrderItem {
    const e = this.expr();
    if (this.acceptKw('DESC')) return { e, desc: true };
    this.acceptKw('ASC');
    return { e, desc: false };
  }

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let l = this.and();
    while (this.acceptKw('OR')) l = { k: 'bin', op: 'OR', l, r: this.and() };
    return l;
  }

  private and(): Expr {
    let l = this.not();
    while (this.acceptKw('AND')) l = { k: 'bin', op: 'AND', l, r: this.not() };
    return l;
  }

  private not(): Expr {
    if (this.acceptKw('NOT')) return { k: 'unary', op: 'NOT', e: this.not() };
    return this.predicate();
  }

  private predicate(): Expr {
    if (this.acceptKw('EXISTS')) {
      this.expectOp('(');
      const q = this.select();
      this.expectOp(')');
      return { k: 'exists', q };
    }
    const e = this.additive();
    if (this.t.kind === 'op' && ['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'].includes(this.t.value)) {
      let op = this.next().value;
      if (op === '!=') op = '<>';
      if (op === '!<') op = '>=';
      if (op === '!>') op = '<=';
      if (this.isKw('ALL') || this.isIdentWord('ANY') || this.isIdentWord('SOME')) throw sqlErrors.unsupported('ALL/ANY/SOME comparisons');
      return { k: 'bin', op, l: e, r: this.additive() };
    }
    if (this.acceptKw('IS')) {
      const not = this.acceptKw('NOT');
      this.expectKw('NULL');
      return { k: 'isnull', e, not };
    }
    const not = this.acceptKw('NOT');
    if (this.acceptKw('IN')) {
      this.expectOp('(');
      if (this.isKw('SELECT')) {
        const q = this.select();
        this.expectOp(')');
        return { k: 'in', e, list: q, not };
      }
      const list: Expr[] = [];
      do list.push(this.expr());
      while (this.acceptOp(','));
      this.expectOp(')');
      return { k: 'in', e, list, not };
    }
    if (this.acceptKw('BETWEEN')) {
      const lo = this.additive();
      this.expectKw('AND');
      return { k: 'between', e, lo, hi: this.additive(), not };
    }
    if (this.acceptKw('LIKE')) {
      const pattern = this.additive();
      if (this.isKw('ESCAPE')) throw sqlErrors.unsupported('LIKE ... ESCAPE');
      return { k: 'like', e, pattern, not };
    }
    if (not) this.fail();
    return e;
  }

  private additive(): Expr {
    let l = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) l = { k: 'bin', op: this.next().value, l, r: this.multiplicative() };
    return l;
  }

  private multiplicative(): Expr {
    let l = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) l = { k: 'bin', op: this.next().value, l, r: this.unary() };
    return l;
  }

  private unary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next().value as '-' | '+';
      return { k: 'unary', op, e: this.unary() };
    }
    const e = this.primary();
    if (this.isKw('COLLATE')) throw sqlErrors.unsupported('COLLATE');
    return e;
  }

  private primary(): Expr {
    const t = this.t;
    switch (t.kind) {
      case 'number':
        this.i++;
        return { k: 'num', text: t.value };
      case 'string':
        this.i++;
        return { k: 'str', value: t.value, unicode: false };
      case 'nstring':
        this.i++;
        return { k: 'str', value: t.value, unicode: true };
      case 'var':
        this.i++;
        return { k: 'param', name: t.value };
      case 'sysvar':
        this.i++;
        return { k: 'sysvar', name: t.value.toUpperCase() };
      case 'op':
        if (t.value === '(') {
          this.i++;
          if (this.isKw('SELECT')) {
            const q = this.select();
            this.expectOp(')');
            return { k: 'subquery', q };
          }
          const e = this.expr();
          this.expectOp(')');
          return e;
        }
        return this.fail();
      case 'keyword':
        return this.keywordPrimary();
      case 'ident':
      case 'qident': {
        if (t.kind === 'ident' && this.peek().kind === 'op' && this.peek().value === '(') return this.functionCall();
        const parts = [this.name()];
        while (this.acceptOp('.')) parts.push(this.name());
        if (parts.length > 1 && this.isOp('(')) throw sqlErrors.unsupported('user-defined functions');
        return { k: 'col', parts };
      }
      default:
        return this.fail();
    }
  }

  private keywordPrimary(): Expr {
    if (this.acceptKw('NULL')) return { k: 'null' };
    if (this.acceptKw('CASE')) {
      const operand = this.isKw('WHEN') ? undefined : this.expr();
      const whens: Array<{ when: Expr; then: Expr }> = [];
      while (this.acceptKw('WHEN')) {
        const when = this.expr();
        this.expectKw('THEN');
        whens.push({ when, then: this.expr() });
      }
      if (whens.length === 0) this.fail();
      const elseExpr = this.acceptKw('ELSE') ? this.expr() : undefined;
      this.expectKw('END');
      return { k: 'case', operand, whens, else: elseExpr };
    }
    if (this.acceptKw('CAST')) {
      this.expectOp('(');
      const e = this.expr();
      this.expectKw('AS');
      const to = this.typeName();
      this.expectOp(')');
      return { k: 'cast', e, to };
    }
    if (this.acceptKw('CONVERT')) {
      this.expectOp('(');
      const to = this.typeName();
      this.expectOp(',');
      const e = this.expr();
      const style = this.acceptOp(',') ? this.expr() : undefined;
      this.expectOp(')');
      return { k: 'cast', e, to, style };
    }
    if ((this.isKw('LEFT') || this.isKw('RIGHT')) && this.peek().value === '(') return this.functionCall();
    return this.fail();
  }

  private typeName(): SqlType {
    const name = this.name();
    const args: Array<number | 'max'> = [];
    if (this.acceptOp('(')) {
      do {
        const t = this.next();
        if (t.kind === 'number') args.push(Number(t.value));
        else if (t.kind === 'ident' && t.value.toUpperCase() === 'MAX') args.push('max');
        else {
          this.i--;
          this.fail();
        }
      } while (this.acceptOp(','));
      this.expectOp(')');
    }
    // CAST(x AS varchar) without a length means 30 characters
    const type = parseTypeName(name, args.length ? args : ['varchar', 'nvarchar', 'char', 'nchar', 'varbinary'].includes(name.toLowerCase()) ? [30] : []);
    if (!type) throw new SqlServerError(243, `Type ${name} is not a defined system type.`, 16);
    return type;
  }

  private functionCall(): Expr {
    const name = this.next().value.toUpperCase();
    this.expectOp('(');
    const args: Expr[] = [];
    let distinct = false;
    if (!this.isOp(')')) {
      if (this.acceptKw('DISTINCT')) distinct = true;
      do {
        if (this.isOp('*')) {
          this.i++;
          args.push({ k: 'star' });
        } else args.push(this.expr());
      } while (this.acceptOp(','));
    }
    this.expectOp(')');
    if (this.isKw('OVER')) throw sqlErrors.unsupported('window functions (OVER)');
    if (this.isKw('WITHIN')) throw sqlErrors.unsupported('WITHIN GROUP');
    return { k: 'func', name, args, distinct };
  }
}

/** Parses a batch (or an sp_executesql @statement) into statements. Throws SqlServerError on anything unsupported. */
export function parseBatch(sql: string): Statement[] {
  return new Parser(tokenize(sql), sql).statements();
}
