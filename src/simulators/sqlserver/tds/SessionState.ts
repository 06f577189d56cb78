import type { SetOption } from '../tsql/ast';
import { SqlServerError } from '../tsql/SqlServerError';
import { LANGUAGES } from '../tsql/setOptions';

/** Session options that change what the simulator sends back. */
export interface SessionOptions {
  /** SET NOCOUNT ON: DONE tokens of SELECTs carry no valid row count (DONE_COUNT bit clear). */
  nocount: boolean;
  /** SET IMPLICIT_TRANSACTIONS ON: a SELECT that reads a table opens a transaction when none is open. */
  implicitTransactions: boolean;
  /** SET XACT_ABORT ON: a run-time error ends (rolls back) the open transaction. */
  xactAbort: boolean;
  /** SET FMTONLY ON: SELECTs return their column metadata only, without executing. */
  fmtonly: boolean;
  /** SET ROWCOUNT n (0 = no limit): a SELECT stops after n rows. */
  rowcount: number;
  /** SET LANGUAGE: reported in ENVCHANGE 2 and @@LANGUAGE (messages stay English). */
  language: string;
  /** SET LOCK_TIMEOUT (-1 = wait forever): reported by @@LOCK_TIMEOUT. */
  lockTimeout: number;
  /** SET TEXTSIZE: reported by @@TEXTSIZE. Not applied to values (the simulated schema's long values are images, which clients read whole). */
  textsize: number;
  /**
   * Everything else (ANSI_*, ARITHABORT, QUOTED_IDENTIFIER, CONCAT_NULL_YIELDS_NULL, DATEFORMAT, DATEFIRST,
   * TRANSACTION ISOLATION LEVEL, …): remembered only. For a read-only engine whose SQL runs on PostgreSQL they
   * do not change answers to the statements the simulator accepts; DATEFORMAT would matter for string→date
   * conversions of ambiguous literals, which the simulator parses ISO-first regardless.
   */
  other: Map<string, string>;
}

function defaultOptions(): SessionOptions {
  return {
    nocount: false,
    implicitTransactions: false,
    xactAbort: false,
    fmtonly: false,
    rowcount: 0,
    language: 'us_english',
    lockTimeout: -1,
    textsize: 4096,
    other: new Map(),
  };
}

/** What changed when options were applied, for the tokens the server must send (ENVCHANGE + INFO for LANGUAGE). */
export interface OptionEffects {
  language?: { from: string; to: string };
}

export interface TransactionChange {
  /** ENVCHANGE type to send (8 begin, 9 commit, 10 rollback), or none when only @@TRANCOUNT changed. */
  envChange?: { type: 8 | 9 | 10; descriptor: bigint };
}

export interface PreparedStatement {
  sql: string;
  declaredNames: string[];
}

/**
 * Per-connection state: SET options, the transaction (@@TRANCOUNT and its descriptor), prepared statements.
 * Transactions nest like SQL Server's: only the outermost BEGIN and the final COMMIT (or any ROLLBACK) change the
 * transaction and are announced with ENVCHANGE; inner ones only move @@TRANCOUNT. Nothing is written, so a
 * transaction holds no locks and COMMIT/ROLLBACK have nothing to keep or undo.
 */
export class SessionState {
  options: SessionOptions = defaultOptions();
  tranCount = 0;
  /** Descriptor of the open transaction; 0 when none. */
  descriptor = 0n;
  private readonly savepoints = new Set<string>();
  private transactionName: string | undefined;
  private nextDescriptor: bigint;
  readonly prepared = new Map<number, PreparedStatement>();
  private nextHandle = 1;

  constructor(spid: number) {
    // Real descriptors are opaque 8-byte values; these are unique per connection and never 0.
    this.nextDescriptor = (BigInt(spid) << 32n) | 1n;
  }

  apply(options: SetOption[]): OptionEffects {
    const effects: OptionEffects = {};
    for (const { name, value } of options) {
      const on = value === 'ON';
      switch (name) {
        case 'NOCOUNT':
          this.options.nocount = on;
          break;
        case 'IMPLICIT_TRANSACTIONS':
          this.options.implicitTransactions = on;
          break;
        case 'XACT_ABORT':
          this.options.xactAbort = on;
          break;
        case 'FMTONLY':
          this.options.fmtonly = on;
          break;
        case 'ROWCOUNT':
          this.options.rowcount = Math.max(0, Number(value));
          break;
        case 'LOCK_TIMEOUT':
          this.options.lockTimeout = Number(value);
          break;
        case 'TEXTSIZE':
          // SET TEXTSIZE 0 resets to the default (4096)
          this.options.textsize = Number(value) === 0 ? 4096 : Number(value);
          break;
        case 'LANGUAGE': {
          const to = LANGUAGES[value.toLowerCase()];
          if (!to) throw new SqlServerError(2737, `Language '${value}' is not supported by the Subiekt GT simulator (it knows ${[...new Set(Object.values(LANGUAGES))].join(', ')}).`, 16);
          effects.language = { from: this.options.language, to };
          this.options.language = to;
          break;
        }
        default:
          this.options.other.set(name, value);
      }
    }
    return effects;
  }

  begin(name?: string): TransactionChange {
    this.tranCount++;
    if (this.tranCount > 1) return {};
    this.descriptor = this.nextDescriptor++;
    this.transactionName = name?.toLowerCase();
    return { envChange: { type: 8, descriptor: this.descriptor } };
  }

  commit(): TransactionChange {
    if (this.tranCount === 0) throw new SqlServerError(3902, 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.', 16, 1);
    this.tranCount--;
    if (this.tranCount > 0) return {};
    return this.end(9);
  }

  /** ROLLBACK: to a savepoint (nothing changes), or of the whole transaction whatever @@TRANCOUNT is. */
  rollback(name?: string): TransactionChange {
    if (this.tranCount === 0) throw new SqlServerError(3903, 'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.', 16, 1);
    const n = name?.toLowerCase();
    if (n !== undefined && this.savepoints.has(n)) return {};
    if (n !== undefined && !n.startsWith('@') && n !== this.transactionName) {
      throw new SqlServerError(6401, `Cannot roll back ${name}. No transaction or savepoint of that name was found.`, 16, 1);
    }
    this.tranCount = 0;
    return this.end(10);
  }

  save(name: string): void {
    if (this.tranCount === 0) throw new SqlServerError(628, 'Cannot issue SAVE TRANSACTION when there is no active transaction.', 16, 1);
    this.savepoints.add(name.toLowerCase());
  }

  private end(type: 9 | 10): TransactionChange {
    const descriptor = this.descriptor;
    this.descriptor = 0n;
    this.savepoints.clear();
    this.transactionName = undefined;
    return { envChange: { type, descriptor } };
  }

  /**
   * RESETCONNECTION (a pooled connection handed to a new user): options back to the login defaults, prepared
   * statements dropped and, unless the client asked to keep it (RESETCONNECTIONSKIPTRAN), the open transaction
   * rolled back.
   */
  reset(keepTransaction: boolean): TransactionChange {
    this.options = defaultOptions();
    this.prepared.clear();
    if (keepTransaction || this.tranCount === 0) return {};
    this.tranCount = 0;
    return this.end(10);
  }

  prepare(statement: PreparedStatement): number {
    const handle = this.nextHandle++;
    this.prepared.set(handle, statement);
    return handle;
  }
}
