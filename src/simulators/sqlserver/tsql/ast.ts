import type { SqlType } from '../tds/sqlTypes';

/** Syntax tree of the T-SQL subset the simulator executes. */
export type Expr =
  | { k: 'num'; text: string }
  | { k: 'str'; value: string; unicode: boolean }
  | { k: 'null' }
  | { k: 'param'; name: string }
  | { k: 'sysvar'; name: string }
  | { k: 'col'; parts: string[] }
  | { k: 'star'; qualifier?: string }
  | { k: 'unary'; op: '-' | '+' | 'NOT'; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'isnull'; e: Expr; not: boolean }
  | { k: 'in'; e: Expr; list: Expr[] | Select; not: boolean }
  | { k: 'between'; e: Expr; lo: Expr; hi: Expr; not: boolean }
  | { k: 'like'; e: Expr; pattern: Expr; not: boolean }
  | { k: 'exists'; q: Select }
  | { k: 'subquery'; q: Select }
  | { k: 'func'; name: string; args: Expr[]; distinct: boolean }
  | { k: 'cast'; e: Expr; to: SqlType; style?: Expr }
  | { k: 'case'; operand?: Expr; whens: Array<{ when: Expr; then: Expr }>; else?: Expr };

export interface SelectItem {
  e: Expr;
  alias?: string;
}

export type TableSource = { k: 'table'; parts: string[] } | { k: 'derived'; q: Select };

export interface FromItem {
  source: TableSource;
  alias?: string;
  join?: 'inner' | 'left' | 'right' | 'full' | 'cross';
  on?: Expr;
}

export interface OrderItem {
  e: Expr;
  desc: boolean;
}

export interface Select {
  distinct: boolean;
  top?: Expr;
  items: SelectItem[];
  from: FromItem[];
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  orderBy: OrderItem[];
  offset?: Expr;
  fetch?: Expr;
}

/** One `SET` option and its value as written: ON/OFF upper-cased, numbers and names as text. */
export interface SetOption {
  name: string;
  value: string;
}

export type TransactionVerb = 'begin' | 'commit' | 'rollback' | 'save';

export type Statement =
  | { k: 'select'; q: Select; text: string }
  | { k: 'set'; options: SetOption[] }
  | { k: 'use'; database: string }
  | { k: 'tran'; verb: TransactionVerb; name?: string }
  | { k: 'if'; cond: Expr; then: Statement; else?: Statement }
  | { k: 'block'; body: Statement[] };
