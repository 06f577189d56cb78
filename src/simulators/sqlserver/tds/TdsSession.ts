import type net from 'node:net';
import { parseBatch } from '../tsql/parser';
import { SqlServerError, sqlErrors } from '../tsql/SqlServerError';
import { ByteWriter } from './ByteWriter';
import { POLISH_CI_AS } from './collation';
import { parseLogin7 } from './login7';
import { frameMessage, MessageAssembler, PACKET_TYPE, type TdsMessage } from './packetFraming';
import { parseRpcRequest, parseSqlBatch, type RpcRequest, UnsupportedParamTypeError } from './paramDecoding';
import { buildPreloginResponse } from './prelogin';
import { ResponseMessage } from './ResponseMessage';
import { runProcedure } from './rpcProcedures';
import type { SessionEnvironment } from './sessionEnvironment';
import { SessionState } from './SessionState';
import { type RunningRequest, StatementRunner, type StatementTarget } from './StatementRunner';
import { done, DONE_STATUS, envChangeCollation, envChangeResetAck, envChangeText, errorToken, infoToken, loginAck, returnStatus, SERVER_NAME } from './tokens';
import { ISOLATION_BY_CODE, parseTransactionRequest } from './transactionRequest';

export type { SessionEnvironment } from './sessionEnvironment';

/** One client connection: PRELOGIN → LOGIN7 → requests (SQL batch / RPC), one at a time, plus ATTENTION. */
export class TdsSession {
  private state: 'prelogin' | 'login' | 'ready' | 'closed' = 'prelogin';
  private packetSize = 4096;
  private queue: Promise<void> = Promise.resolve();
  private current: RunningRequest | null = null;
  private readonly assembler: MessageAssembler;
  private readonly session: SessionState;
  private readonly runner: StatementRunner;
  /** a RESETCONNECTION flag of the request being started, applied (and acknowledged) at the top of its response */
  private pendingReset: TdsMessage['reset'] = 'none';

  constructor(
    private readonly socket: net.Socket,
    private readonly env: SessionEnvironment,
    private readonly spid: number,
  ) {
    this.session = new SessionState(spid);
    this.runner = new StatementRunner(env, this.session, spid, () => socket.destroy());
    this.assembler = new MessageAssembler((m, ignored) => this.onMessage(m, ignored));
    socket.on('data', (chunk) => {
      try {
        this.assembler.push(chunk);
      } catch (e) {
        env.log(`closing connection: ${(e as Error).message}`);
        socket.destroy();
      }
    });
    socket.on('close', () => {
      this.state = 'closed';
      if (this.current) this.current.cancelled = true;
    });
    socket.on('error', () => undefined);
  }

  private send(payload: Buffer): void {
    if (this.state === 'closed' || this.socket.destroyed) return;
    this.socket.write(frameMessage(PACKET_TYPE.TABULAR_RESULT, payload, this.packetSize, this.spid));
  }

  private onMessage(m: TdsMessage, ignored: boolean): void {
    if (m.type === PACKET_TYPE.ATTENTION) return this.onAttention();
    this.queue = this.queue
      .then(() => (ignored ? this.answerIgnored() : this.handle(m)))
      .catch((e) => {
        this.env.log(`connection error: ${(e as Error).stack ?? e}`);
        this.socket.destroy();
      });
  }

  /** A message the client cancelled while sending (IGNORE bit): not executed, answered with an empty DONE. */
  private answerIgnored(): void {
    const w = new ByteWriter();
    done(w, 'DONE', DONE_STATUS.FINAL);
    this.send(w.toBuffer());
  }

  /** ATTENTION: abandon the running request (its response becomes a bare DONE), then acknowledge separately. */
  private onAttention(): void {
    if (this.current) {
      this.current.cancelled = true;
      this.current.wake?.();
      return; // the running request sends the acknowledgement when it unwinds
    }
    const w = new ByteWriter();
    done(w, 'DONE', DONE_STATUS.ATTN);
    this.send(w.toBuffer());
  }

  private async handle(m: TdsMessage): Promise<void> {
    switch (this.state) {
      case 'prelogin':
        if (m.type !== PACKET_TYPE.PRELOGIN) throw new Error(`expected PRELOGIN, got 0x${m.type.toString(16)}`);
        this.send(buildPreloginResponse(this.spid));
        this.state = 'login';
        return;
      case 'login':
        if (m.type !== PACKET_TYPE.LOGIN7) throw new Error(`expected LOGIN7, got 0x${m.type.toString(16)} (TLS is not supported: use encrypt=false)`);
        return this.login(m.payload);
      case 'ready':
        if (m.reset !== 'none') this.pendingReset = m.reset;
        if (m.type === PACKET_TYPE.SQL_BATCH) return this.batch(m.payload);
        if (m.type === PACKET_TYPE.RPC) return this.rpc(m.payload);
        if (m.type === PACKET_TYPE.TRANSACTION_MANAGER) return this.transactionManager(m.payload);
        throw new Error(`unsupported TDS message type 0x${m.type.toString(16)}`);
      case 'closed':
        return;
    }
  }

  private login(payload: Buffer): void {
    const req = parseLogin7(payload);
    const w = new ByteWriter();
    const faults = this.env.faults;
    let failure: SqlServerError | null = null;
    if (faults.failNextLogins > 0) {
      faults.failNextLogins--;
      failure = sqlErrors.loginFailed(req.userName);
    } else if (req.userName !== this.env.login.user || req.password !== this.env.login.password) {
      failure = sqlErrors.loginFailed(req.userName);
    } else if (req.database && req.database.toLowerCase() !== this.env.database.toLowerCase()) {
      failure = sqlErrors.unknownDatabase(req.database);
    }
    if (failure) {
      this.env.log(`login failed for user '${req.userName}'`);
      errorToken(w, { number: failure.number, state: failure.state, severity: failure.severity, message: failure.message, serverName: SERVER_NAME });
      done(w, 'DONE', DONE_STATUS.ERROR);
      this.send(w.toBuffer());
      return;
    }
    this.packetSize = Math.min(Math.max(req.packetSize || 4096, 512), 32767);
    // As SQL Server answers a login: database and language changes each with their INFO message, the collation,
    // LOGINACK, the packet size. (Clients differ in which of these they need: tedious refuses VarChar parameters
    // without the collation, FreeTDS takes the code page for varchar from it.)
    envChangeText(w, 1, this.env.database, 'master');
    infoToken(w, { number: 5701, state: 2, severity: 0, message: `Changed database context to '${this.env.database}'.`, serverName: SERVER_NAME, procName: '', line: 1 });
    envChangeCollation(w, POLISH_CI_AS);
    envChangeText(w, 2, 'us_english', '');
    infoToken(w, { number: 5703, state: 1, severity: 0, message: 'Changed language setting to us_english.', serverName: SERVER_NAME, procName: '', line: 1 });
    loginAck(w);
    envChangeText(w, 4, String(this.packetSize), String(this.packetSize));
    done(w, 'DONE', DONE_STATUS.FINAL);
    this.send(w.toBuffer());
    this.state = 'ready';
  }

  /** Runs one request and sends its response message (or, when cancelled by ATTENTION, the truncated response and the acknowledgement). */
  private async respond(body: (t: StatementTarget) => Promise<void>, doneKind: 'DONE' | 'DONEINPROC'): Promise<void> {
    const req: RunningRequest = { cancelled: false };
    this.current = req;
    const res = new ResponseMessage();
    try {
      if (this.pendingReset !== 'none') {
        const change = this.session.reset(this.pendingReset === 'sessionKeepTransaction');
        this.pendingReset = 'none';
        envChangeResetAck(res.w);
        this.runner.announce(change, { res, doneKind, req });
      }
      await body({ res, doneKind, req });
      if (req.dropped || this.state === 'closed') return;
      if (req.cancelled) {
        // The request is abandoned: a DONE ends its (truncated) response, then the acknowledgement follows as a
        // message of its own (DONE with DONE_ATTN), which is what clients wait for after sending ATTENTION.
        const truncated = new ResponseMessage();
        truncated.done('DONE', DONE_STATUS.FINAL);
        this.send(truncated.toBuffer());
        const ack = new ResponseMessage();
        ack.done('DONE', DONE_STATUS.ATTN);
        this.send(ack.toBuffer());
        return;
      }
      if (!res.hasDone) res.done('DONE', DONE_STATUS.FINAL);
      this.send(res.toBuffer());
    } finally {
      this.current = null;
    }
  }

  private batch(payload: Buffer): Promise<void> {
    const { sql } = parseSqlBatch(payload);
    return this.respond(async (t) => {
      let statements;
      try {
        statements = parseBatch(sql);
      } catch (e) {
        if (!(e instanceof SqlServerError)) throw e;
        this.runner.fail(e, t);
        return;
      }
      await this.runner.run(statements, new Map(), t);
    }, 'DONE');
  }

  private rpc(payload: Buffer): Promise<void> {
    let calls: RpcRequest[];
    try {
      calls = parseRpcRequest(payload).calls;
    } catch (e) {
      if (!(e instanceof UnsupportedParamTypeError)) throw e;
      const err = new SqlServerError(8016, `The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is incorrect. ${e.message}.`, 16);
      return this.respond(async (t) => {
        this.runner.fail(err, t);
        returnStatus(t.res.w, -6);
        t.res.done('DONEPROC', DONE_STATUS.ERROR);
      }, 'DONEINPROC');
    }
    return this.respond(async (t) => {
      for (const call of calls) {
        if (t.req.cancelled || t.req.dropped) return;
        await runProcedure(call, this.session, this.runner, t);
      }
    }, 'DONEINPROC');
  }

  /**
   * TRANSACTION_MANAGER requests: begin, commit/rollback (optionally beginning the next transaction at once, as
   * pytds does in manual-commit mode), save. The answer is the transaction ENVCHANGE(s) and DONE. Distributed (DTC)
   * requests are refused: the simulator has no transaction coordinator.
   */
  private transactionManager(payload: Buffer): Promise<void> {
    const { request } = parseTransactionRequest(payload);
    return this.respond(async (t) => {
      try {
        switch (request.kind) {
          case 'begin':
            this.setIsolation(request.isolationLevel);
            this.runner.announce(this.session.begin(request.name || undefined), t);
            break;
          case 'commit':
          case 'rollback':
            this.runner.announce(request.kind === 'commit' ? this.session.commit() : this.session.rollback(request.name || undefined), t);
            if (request.beginNew) {
              this.setIsolation(request.beginNew.isolationLevel);
              this.runner.announce(this.session.begin(request.beginNew.name || undefined), t);
            }
            break;
          case 'save':
            this.session.save(request.name);
            break;
          case 'distributed':
            throw new SqlServerError(8501, `MSDTC is unavailable: the Subiekt GT simulator does not support distributed transactions (transaction manager request ${request.requestType}).`, 16, 3);
        }
        t.res.done('DONE', DONE_STATUS.FINAL);
      } catch (e) {
        if (!(e instanceof SqlServerError)) throw e;
        this.runner.fail(e, t);
      }
    }, 'DONE');
  }

  private setIsolation(code: number): void {
    const level = ISOLATION_BY_CODE[code];
    if (level) this.session.apply([{ name: 'TRANSACTION ISOLATION LEVEL', value: level }]);
  }
}
