import { executeQuery } from '../queryExecutor';
import type { Expr, Select, Statement } from '../tsql/ast';
import { SqlServerError, sqlErrors } from '../tsql/SqlServerError';
import { Translator, type BoundParam } from '../tsql/translator';
import type { ResponseMessage } from './ResponseMessage';
import type { SessionState, TransactionChange } from './SessionState';
import type { SessionEnvironment } from './sessionEnvironment';
import { colMetadata, CUR_CMD_SELECT, DONE_STATUS, ENV, envChangeText, envChangeTransaction, errorToken, infoToken, row, SERVER_NAME } from './tokens';

export interface RunningRequest {
  cancelled: boolean;
  wake?: () => void;
  /** set when a fault closed the connection mid-request: nothing more is sent */
  dropped?: boolean;
}

/** Where a request's statements write: a SQL batch ends each statement with DONE, a procedure (RPC) with DONEINPROC. */
export interface StatementTarget {
  res: ResponseMessage;
  doneKind: 'DONE' | 'DONEINPROC';
  req: RunningRequest;
}

/**
 * Executes parsed statements of one request for one session and writes their tokens. Every statement ends with its
 * own DONE/DONEINPROC ([MS-TDS] 2.2.7.6: one per statement of a batch); the DONE_MORE bits are set by the
 * ResponseMessage when the message is complete.
 *
 * Errors: the first error stops the request (the simulator's errors are compile errors or batch-aborting ones:
 * unknown objects/columns, unsupported syntax, conversion failures). The ERROR token is followed by the failing
 * statement's DONE with DONE_ERROR. With SET XACT_ABORT ON, and always for a deadlock (1205), the open transaction
 * is ended like SQL Server does, announced with ENVCHANGE 10 (rollback).
 */
export class StatementRunner {
  constructor(
    private readonly env: SessionEnvironment,
    private readonly session: SessionState,
    private readonly spid: number,
    private readonly closeConnection: () => void,
  ) {}

  /** Runs the statements; false when one failed (its ERROR and DONE already written). */
  async run(statements: Statement[], params: Map<string, BoundParam>, t: StatementTarget): Promise<boolean> {
    for (const st of statements) {
      if (t.req.cancelled || t.req.dropped) return true;
      try {
        await this.statement(st, params, t);
      } catch (e) {
        if (!(e instanceof SqlServerError)) throw e;
        this.fail(e, t);
        return false;
      }
    }
    return true;
  }

  /** ERROR token, DONE(ERROR) for the failing statement, and the transaction consequences of the error. */
  fail(e: SqlServerError, t: StatementTarget): void {
    errorToken(t.res.w, { number: e.number, state: e.state, severity: e.severity, message: e.message, serverName: SERVER_NAME, procName: '', line: 1 });
    if (this.session.tranCount > 0 && (e.number === 1205 || (this.session.options.xactAbort && e.severity >= 11))) {
      this.announce(this.session.rollback(), t);
    }
    t.res.done(t.doneKind, DONE_STATUS.ERROR);
  }

  announce(change: TransactionChange, t: StatementTarget): void {
    if (change.envChange) envChangeTransaction(t.res.w, change.envChange.type, change.envChange.descriptor);
  }

  private translator(params: Map<string, BoundParam>): Translator {
    const o = this.session.options;
    return new Translator({
      catalog: this.env.catalog,
      schema: this.env.schema,
      database: this.env.database,
      params,
      ciCollation: this.env.ciCollation,
      version: this.env.version,
      spid: this.spid,
      session: { tranCount: this.session.tranCount, language: o.language, lockTimeout: o.lockTimeout, textsize: o.textsize, datefirst: Number(o.other.get('DATEFIRST') ?? 7) },
    });
  }

  private async statement(st: Statement, params: Map<string, BoundParam>, t: StatementTarget): Promise<void> {
    const w = t.res.w;
    switch (st.k) {
      case 'set': {
        const effects = this.session.apply(st.options);
        if (effects.language) {
          envChangeText(w, ENV.LANGUAGE, effects.language.to, effects.language.from);
          infoToken(w, { number: 5703, state: 1, severity: 0, message: `Changed language setting to ${effects.language.to}.`, serverName: SERVER_NAME, procName: '', line: 1 });
        }
        t.res.done(t.doneKind, DONE_STATUS.FINAL);
        return;
      }
      case 'use':
        if (st.database.toLowerCase() !== this.env.database.toLowerCase()) {
          throw new SqlServerError(911, `Database '${st.database}' does not exist. Make sure that the name is entered correctly.`, 16);
        }
        envChangeText(w, ENV.DATABASE, this.env.database, this.env.database);
        infoToken(w, { number: 5701, state: 2, severity: 0, message: `Changed database context to '${this.env.database}'.`, serverName: SERVER_NAME, procName: '', line: 1 });
        t.res.done(t.doneKind, DONE_STATUS.FINAL);
        return;
      case 'tran':
        if (st.verb === 'begin') this.announce(this.session.begin(st.name), t);
        else if (st.verb === 'commit') this.announce(this.session.commit(), t);
        else if (st.verb === 'rollback') this.announce(this.session.rollback(st.name), t);
        else this.session.save(st.name ?? '');
        t.res.done(t.doneKind, DONE_STATUS.FINAL);
        return;
      case 'if': {
        const branch = (await this.condition(st.cond, params)) ? st.then : st.else;
        if (branch) await this.statement(branch, params, t);
        return;
      }
      case 'block':
        for (const inner of st.body) {
          if (t.req.cancelled || t.req.dropped) return;
          await this.statement(inner, params, t);
        }
        return;
      case 'select':
        return this.select(st.q, params, t);
    }
  }

  /** IF conditions are evaluated by the query engine: `SELECT CASE WHEN cond THEN 1 ELSE 0 END`. */
  private async condition(cond: Expr, params: Map<string, BoundParam>): Promise<boolean> {
    const probe: Select = {
      distinct: false,
      items: [{ e: { k: 'case', whens: [{ when: cond, then: { k: 'num', text: '1' } }], else: { k: 'num', text: '0' } } }],
      from: [],
      groupBy: [],
      orderBy: [],
    };
    const rows = await executeQuery(this.env.pool, this.translator(params).translate(probe));
    return Number(rows[0]?.[0]) === 1;
  }

  private async wait(ms: number, req: RunningRequest): Promise<void> {
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      req.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    req.wake = undefined;
  }

  private async select(q: Select, params: Map<string, BoundParam>, t: StatementTarget): Promise<void> {
    const translated = this.translator(params).translate(q);
    const faults = this.env.faults;
    const o = this.session.options;
    const denied = translated.tables.find((name) => faults.denySelect.some((d) => d.toLowerCase() === name.toLowerCase()));
    if (denied) throw sqlErrors.selectDenied(denied, this.env.database);
    if (o.fmtonly) {
      colMetadata(t.res.w, translated.columns);
      t.res.done(t.doneKind, DONE_STATUS.FINAL, 0, CUR_CMD_SELECT);
      return;
    }
    // Faults apply to statements that read tables (not to SET batches or the pool's `SELECT 1` validation).
    if (translated.tables.length > 0) {
      await this.wait(faults.latencyMs, t.req);
      if (t.req.cancelled) return;
      if (faults.dropConnectionNextQueries > 0) {
        faults.dropConnectionNextQueries--;
        this.env.log('fault: dropping the connection');
        t.req.dropped = true;
        this.closeConnection();
        return;
      }
      if (faults.deadlockNextQueries > 0) {
        faults.deadlockNextQueries--;
        throw sqlErrors.deadlockVictim(this.spid);
      }
      // IMPLICIT_TRANSACTIONS ON: a SELECT from a table opens the transaction (announced before its results).
      if (o.implicitTransactions && this.session.tranCount === 0) this.announce(this.session.begin(), t);
    }
    let rows = await executeQuery(this.env.pool, translated);
    if (o.rowcount > 0 && rows.length > o.rowcount) rows = rows.slice(0, o.rowcount);
    colMetadata(t.res.w, translated.columns);
    for (const r of rows) row(t.res.w, translated.columns, r);
    t.res.done(t.doneKind, o.nocount ? DONE_STATUS.FINAL : DONE_STATUS.COUNT, rows.length, CUR_CMD_SELECT);
  }
}
