import { BcHttpError, unknownProperty } from './bcHttpError';
import type { EdmType, EntitySchema } from './entitySchemas';

/**
 * `$filter` for the simulator, as BC documents it (reference §5): comparison `eq ne gt ge lt le`, `and`, `not`,
 * `or` only across values of the same field, functions `startswith endswith contains tolower toupper`.
 * Strings in single quotes; numbers, datetimes and GUIDs unquoted. Operands are type-checked against the EDM
 * type of the property, so a quoted datetime is rejected as real OData does.
 */

type Literal = { kind: 'lit'; type: EdmType | 'null'; value: string | number | boolean | null };
type Operand = { kind: 'prop'; name: string } | Literal | { kind: 'call'; name: string; args: Operand[] };
export type FilterNode =
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'bool'; operand: Operand };

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const OP_NAMES: Record<string, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };
const FUNCTIONS: Record<string, { args: number; returns: EdmType }> = {
  startswith: { args: 2, returns: 'Edm.Boolean' },
  endswith: { args: 2, returns: 'Edm.Boolean' },
  contains: { args: 2, returns: 'Edm.Boolean' },
  tolower: { args: 1, returns: 'Edm.String' },
  toupper: { args: 1, returns: 'Edm.String' },
};
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

type Token = { t: 'str'; v: string } | { t: 'word'; v: string } | { t: 'sym'; v: '(' | ')' | ',' };

function syntaxError(detail: string): BcHttpError {
  return new BcHttpError(400, 'BadRequest', `Syntax error in $filter: ${detail}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'sym', v: ch });
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ t: 'str', v: value });
    } else {
      const m = /^[A-Za-z0-9_.:+\-/]+/.exec(text.slice(i));
      if (!m) throw syntaxError(`unexpected character '${ch}' at position ${i}`);
      tokens.push({ t: 'word', v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly schema: EntitySchema,
  ) {}

  parse(): FilterNode {
    const node = this.orExpr();
    if (this.pos < this.tokens.length) throw syntaxError(`unexpected '${this.tokens[this.pos].v}'`);
    return node;
  }

  private peekWord(): string | undefined {
    const tok = this.tokens[this.pos];
    return tok?.t === 'word' ? tok.v : undefined;
  }

  private orExpr(): FilterNode {
    let left = this.andExpr();
    while (this.peekWord() === 'or') {
      this.pos++;
      const right = this.andExpr();
      const props = new Set([...propertiesOf(left), ...propertiesOf(right)]);
      if (props.size > 1) throw new BcHttpError(400, 'BadRequest', "The 'OR' operator is not supported on distinct fields");
      left = { kind: 'or', left, right };
    }
    return left;
  }

  private andExpr(): FilterNode {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.pos++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.peekWord() === 'not') {
      this.pos++;
      return { kind: 'not', expr: this.unary() };
    }
    const tok = this.tokens[this.pos];
    if (tok?.t === 'sym' && tok.v === '(') {
      this.pos++;
      const inner = this.orExpr();
      this.expect(')');
      return inner;
    }
    const left = this.operand();
    const op = this.peekWord();
    if (op && COMPARISONS.has(op)) {
      this.pos++;
      const right = this.operand();
      this.checkTypes(op, left, right);
      return { kind: 'cmp', op: op as 'eq', left, right };
    }
    if (typeOf(left, this.schema) !== 'Edm.Boolean') throw syntaxError('expected a comparison operator');
    return { kind: 'bool', operand: left };
  }

  private expect(sym: '(' | ')' | ','): void {
    const tok = this.tokens[this.pos];
    if (tok?.t !== 'sym' || tok.v !== sym) throw syntaxError(`expected '${sym}'`);
    this.pos++;
  }

  private operand(): Operand {
    const tok = this.tokens[this.pos++];
    if (!tok) throw syntaxError('unexpected end of expression');
    if (tok.t === 'str') return { kind: 'lit', type: 'Edm.String', value: tok.v };
    if (tok.t === 'sym') throw syntaxError(`unexpected '${tok.v}'`);
    const word = tok.v;
    const next = this.tokens[this.pos];
    if (next?.t === 'sym' && next.v === '(') {
      const fn = FUNCTIONS[word.toLowerCase()];
      if (!fn) throw new BcHttpError(400, 'BadRequest', `An unknown function with name '${word}' was found`);
      this.pos++;
      const args: Operand[] = [];
      while (true) {
        args.push(this.operand());
        const sep = this.tokens[this.pos++];
        if (sep?.t === 'sym' && sep.v === ')') break;
        if (sep?.t !== 'sym' || sep.v !== ',') throw syntaxError(`expected ',' or ')' in call to ${word}`);
      }
      if (args.length !== fn.args) throw new BcHttpError(400, 'BadRequest', `The function '${word}' takes ${fn.args} arguments`);
      return { kind: 'call', name: word.toLowerCase(), args };
    }
    if (word === 'true' || word === 'false') return { kind: 'lit', type: 'Edm.Boolean', value: word === 'true' };
    if (word === 'null') return { kind: 'lit', type: 'null', value: null };
    if (DATETIME.test(word)) return { kind: 'lit', type: 'Edm.DateTimeOffset', value: word };
    if (GUID.test(word)) return { kind: 'lit', type: 'Edm.Guid', value: word.toLowerCase() };
    if (NUMBER.test(word)) return { kind: 'lit', type: 'Edm.Decimal', value: Number(word) };
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) {
      if (!(word in this.schema.properties)) throw unknownProperty(word, this.schema.typeName);
      return { kind: 'prop', name: word };
    }
    throw syntaxError(`unrecognised literal '${word}'`);
  }

  private checkTypes(op: string, left: Operand, right: Operand): void {
    const a = typeOf(left, this.schema);
    const b = typeOf(right, this.schema);
    if (a === 'null' || b === 'null' || a === b) return;
    const numeric = (t: string) => t === 'Edm.Decimal' || t === 'Edm.Int32' || t === 'Edm.Int64';
    if (numeric(a) && numeric(b)) return;
    throw new BcHttpError(
      400,
      'BadRequest',
      `A binary operator with incompatible types was detected. Found operand types '${a}' and '${b}' for operator kind '${OP_NAMES[op]}'`,
    );
  }
}

function typeOf(operand: Operand, schema: EntitySchema): EdmType | 'null' {
  if (operand.kind === 'lit') return operand.type;
  if (operand.kind === 'prop') return schema.properties[operand.name];
  return FUNCTIONS[operand.name].returns;
}

function propertiesOf(node: FilterNode): string[] {
  const fromOperand = (o: Operand): string[] => (o.kind === 'prop' ? [o.name] : o.kind === 'call' ? o.args.flatMap(fromOperand) : []);
  switch (node.kind) {
    case 'cmp':
      return [...fromOperand(node.left), ...fromOperand(node.right)];
    case 'and':
    case 'or':
      return [...propertiesOf(node.left), ...propertiesOf(node.right)];
    case 'not':
      return propertiesOf(node.expr);
    case 'bool':
      return fromOperand(node.operand);
  }
}

export function parseFilter(text: string, schema: EntitySchema): FilterNode {
  return new Parser(tokenize(text), schema).parse();
}

type Row = Record<string, unknown>;

/** A value normalised for comparison: datetimes as epoch ms, GUIDs and strings case-insensitively (SQL CI collation). */
function comparable(value: unknown, type: EdmType | 'null'): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (type === 'Edm.DateTimeOffset') return Date.parse(String(value));
  if (type === 'Edm.Guid' || type === 'Edm.String') return String(value).toUpperCase();
  return value as number | boolean;
}

function evalOperand(operand: Operand, row: Row, schema: EntitySchema): { value: unknown; type: EdmType | 'null' } {
  if (operand.kind === 'lit') return { value: operand.value, type: operand.type };
  if (operand.kind === 'prop') return { value: row[operand.name], type: schema.properties[operand.name] };
  const args = operand.args.map((a) => String(evalOperand(a, row, schema).value ?? ''));
  switch (operand.name) {
    case 'tolower':
      return { value: args[0].toLowerCase(), type: 'Edm.String' };
    case 'toupper':
      return { value: args[0].toUpperCase(), type: 'Edm.String' };
    case 'startswith':
      return { value: args[0].toUpperCase().startsWith(args[1].toUpperCase()), type: 'Edm.Boolean' };
    case 'endswith':
      return { value: args[0].toUpperCase().endsWith(args[1].toUpperCase()), type: 'Edm.Boolean' };
    default:
      return { value: args[0].toUpperCase().includes(args[1].toUpperCase()), type: 'Edm.Boolean' };
  }
}

export function matchesFilter(node: FilterNode, row: Row, schema: EntitySchema): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, row, schema) && matchesFilter(node.right, row, schema);
    case 'or':
      return matchesFilter(node.left, row, schema) || matchesFilter(node.right, row, schema);
    case 'not':
      return !matchesFilter(node.expr, row, schema);
    case 'bool':
      return evalOperand(node.operand, row, schema).value === true;
    case 'cmp': {
      const l = evalOperand(node.left, row, schema);
      const r = evalOperand(node.right, row, schema);
      const type = l.type !== 'null' ? l.type : r.type;
      const a = comparable(l.value, type);
      const b = comparable(r.value, type);
      switch (node.op) {
        case 'eq':
          return a === b;
        case 'ne':
          return a !== b;
        default:
          if (a === null || b === null) return false;
          if (node.op === 'gt') return a > b;
          if (node.op === 'ge') return a >= b;
          if (node.op === 'lt') return a < b;
          return a <= b;
      }
    }
  }
}
