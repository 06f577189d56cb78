import type net from 'node:net';
import type { Pool } from 'pg';
import type { Catalog } from '../catalog/Catalog';
import type { SimulatorFaults } from '../faults';
import { executeQuery } from '../queryExecutor';
import type { Statement } from '../tsql/ast';
import { parseBatch } from '../tsql/parser';
import { SqlServerError, sqlErrors } from '../tsql/SqlServerError';
import { Translator, type BoundParam } from '../tsql/translator';
import { ByteWriter } from './ByteWriter';
import { POLISH_CI_AS } from './collation';
import { parseLogin7 } from './login7';
import { frameMessage, MessageAssembler, PACKET_TYPE, type TdsMessage } from './packetFraming';
import { parseRpcRequest, parseSqlBatch, UnsupportedParamTypeError } from './paramDecoding';
import { buildPreloginResponse } from './prelogin';
import { colMetadata, CUR_CMD_SELECT, done, DONE_STATUS, envChangeCollation, envChangeText, errorToken, loginAck, returnStatus, row } from './tokens';

const SP_EXECUTESQL_ID = 10;
export const SERVER_NAME = 'SUBIEKT-SIM';

export interface SessionEnvironment {
  pool: Pool;
  catalog: Catalog;
  schema: string;
  database: string;
  ciCollation: string | null;
  login: { user: string; password: string };
  faults: SimulatorFaults;
  version: string;
  log: (msg: string) => void;
}

interface RunningRequest {
  cancelled: boolean;
  wake?: () => void;
}

/** One client connection: PRELOGIN → LOGIN7 → requests (SQL batch / RPC), one at a time, plus ATTENTION. */
export class TdsSession {
  private state: 'prelogin' | 'login' | 'ready' | 'closed' = 'prelogin';
  private packetSize = 4096;
  private queue: Promise<void> = Promise.resolve();
  private current: RunningRequest | null = null;
  private readonly assembler: MessageAssembler;

  constructor(
    private readonly socket: net.Socket,
    private readonly env: SessionEnvironment,
    private readonly spid: number,
  ) {
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
        if (m.type === PACKET_TYPE.SQL_BATCH) return this.request(parseSqlBatch(m.payload), new Map(), false);
        if (m.type === PACKET_TYPE.RPC) return this.rpc(m.payload);
        if (m.type === PACKET_TYPE.TRANSACTION_MANAGER) return this.refuse(new SqlServerError(102, 'Transactions are not supported by the Subiekt GT simulator (read-only).', 16), false);
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
    envChangeText(w, 1, this.env.database, 'master');
    envChangeCollation(w, POLISH_CI_AS);
    envChangeText(w, 4, String(this.packetSize), String(this.packetSize));
    loginAck(w);
    done(w, 'DONE', DONE_STATUS.FINAL);
    this.send(w.toBuffer());
    this.state = 'ready';
  }

  private async rpc(payload: Buffer): Promise<void> {
    let req;
    try {
      req = parseRpcRequest(payload);
    } catch (e) {
      if (e instanceof UnsupportedParamTypeError) return this.refuse(new SqlServerError(8016, e.message, 16), true);
      throw e;
    }
    const isExecuteSql = req.procId === SP_EXECUTESQL_ID || req.procName?.toLowerCase().replace(/^(dbo\.|sys\.)/, '') === 'sp_executesql';
    if (!isExecuteSql) {
      const name = req.procName ?? `procedure id ${req.procId}`;
      return this.refuse(new SqlServerError(2812, `Could not find stored procedure '${name}'.`, 16), true);
    }
    const [statement, , ...rest] = req.params;
    const params = new Map<string, BoundParam>();
    for (const p of rest) params.set(p.name.toLowerCase(), { type: p.type, value: p.value });
    return this.request(String(statement?.value ?? ''), params, true);
  }

  private refuse(err: SqlServerError, rpc: boolean): void {
    const w = new ByteWriter();
    this.writeError(w, err);
    done(w, rpc ? 'DONEPROC' : 'DONE', DONE_STATUS.ERROR);
    this.send(w.toBuffer());
  }

  private writeError(w: ByteWriter, err: SqlServerError): void {
    errorToken(w, { number: err.number, state: err.state, severity: err.severity, message: err.message, serverName: SERVER_NAME, procName: '', line: 1 });
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

  /** Runs the statements of a batch or of sp_executesql and sends one response message. */
  private async request(sql: string, params: Map<string, BoundParam>, rpc: boolean): Promise<void> {
    const req: RunningRequest = { cancelled: false };
    this.current = req;
    const w = new ByteWriter();
    const doneKind = rpc ? 'DONEINPROC' : 'DONE';
    try {
      let failed = false;
      let statements: Statement[] = [];
      try {
        statements = parseBatch(sql);
      } catch (e) {
        if (!(e instanceof SqlServerError)) throw e;
        this.writeError(w, e);
        failed = true;
      }
      for (let i = 0; i < statements.length && !failed && !req.cancelled; i++) {
        const more = i < statements.length - 1 ? DONE_STATUS.MORE : 0;
        try {
          const outcome = await this.statement(statements[i], params, w, doneKind, more, req);
          if (outcome === 'dropped') return;
        } catch (e) {
          if (!(e instanceof SqlServerError)) throw e;
          this.writeError(w, e);
          failed = true;
        }
      }
      if (req.cancelled) {
        if (this.state === 'closed') return;
        const truncated = new ByteWriter();
        done(truncated, 'DONE', DONE_STATUS.FINAL);
        this.send(truncated.toBuffer());
        const ack = new ByteWriter();
        done(ack, 'DONE', DONE_STATUS.ATTN);
        this.send(ack.toBuffer());
        return;
      }
      if (rpc) {
        if (failed) done(w, 'DONEINPROC', DONE_STATUS.ERROR);
        returnStatus(w, failed ? -6 : 0);
        done(w, 'DONEPROC', failed ? DONE_STATUS.ERROR : DONE_STATUS.FINAL);
      } else if (failed || statements.length === 0) {
        done(w, 'DONE', failed ? DONE_STATUS.ERROR : DONE_STATUS.FINAL);
      }
      this.send(w.toBuffer());
    } finally {
      this.current = null;
    }
  }

  private async statement(st: Statement, params: Map<string, BoundParam>, w: ByteWriter, doneKind: 'DONE' | 'DONEINPROC', more: number, req: RunningRequest): Promise<'ok' | 'dropped'> {
    if (st.k === 'set') {
      done(w, doneKind, more);
      return 'ok';
    }
    if (st.k === 'use') {
      if (st.database.toLowerCase() !== this.env.database.toLowerCase()) throw new SqlServerError(911, `Database '${st.database}' does not exist. Make sure that the name is entered correctly.`, 16);
      done(w, doneKind, more);
      return 'ok';
    }
    const translated = new Translator({
      catalog: this.env.catalog,
      schema: this.env.schema,
      database: this.env.database,
      params,
      ciCollation: this.env.ciCollation,
      version: this.env.version,
      spid: this.spid,
    }).translate(st.q);
    const faults = this.env.faults;
    const denied = translated.tables.find((t) => faults.denySelect.some((d) => d.toLowerCase() === t.toLowerCase()));
    if (denied) throw sqlErrors.selectDenied(denied, this.env.database);
    // Faults apply to statements that read tables (not to SET batches or the pool's `SELECT 1` validation).
    if (translated.tables.length > 0) {
      await this.wait(faults.latencyMs, req);
      if (req.cancelled) return 'ok';
      if (faults.dropConnectionNextQueries > 0) {
        faults.dropConnectionNextQueries--;
        this.env.log('fault: dropping the connection');
        this.socket.destroy();
        return 'dropped';
      }
      if (faults.deadlockNextQueries > 0) {
        faults.deadlockNextQueries--;
        throw sqlErrors.deadlockVictim(this.spid);
      }
    }
    const rows = await executeQuery(this.env.pool, translated);
    colMetadata(w, translated.columns);
    for (const r of rows) row(w, translated.columns, r);
    done(w, doneKind, more | DONE_STATUS.COUNT, rows.length, CUR_CMD_SELECT);
    return 'ok';
  }
}
