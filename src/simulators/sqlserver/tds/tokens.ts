import { ByteWriter } from './ByteWriter';
import { SERVER_VERSION } from './prelogin';
import type { SqlType } from './sqlTypes';
import { writeTypeInfo, writeValue } from './typeEncoding';

/** Writers for the server → client tokens of a TABULAR_RESULT message ([MS-TDS] 2.2.7). */

/** The server name in ERROR/INFO tokens (what @@SERVERNAME answers). */
export const SERVER_NAME = 'SUBIEKT-SIM';

export const DONE_STATUS = { FINAL: 0x0000, MORE: 0x0001, ERROR: 0x0002, COUNT: 0x0010, ATTN: 0x0020, SRVERROR: 0x0100 } as const;
/**
 * DONE CurCmd: SQL Server puts the statement's token type there; only SELECT's (0xC1) is documented widely enough to
 * copy. Clients (tedious, FreeTDS, pytds, go-mssqldb, jtds) ignore the field, so every other statement reports 0.
 */
export const CUR_CMD_SELECT = 0xc1;

export interface ColumnMeta {
  name: string;
  type: SqlType;
  nullable: boolean;
}

export interface ServerMessage {
  number: number;
  state: number;
  severity: number;
  message: string;
  serverName: string;
  procName?: string;
  line?: number;
}

function withLength(w: ByteWriter, token: number, body: (b: ByteWriter) => void): void {
  const b = new ByteWriter();
  body(b);
  const buf = b.toBuffer();
  w.u8(token).u16(buf.length).bytes(buf);
}

/** ENVCHANGE types ([MS-TDS] 2.2.7.9). */
export const ENV = { DATABASE: 1, LANGUAGE: 2, PACKET_SIZE: 4, COLLATION: 7, BEGIN_TRAN: 8, COMMIT_TRAN: 9, ROLLBACK_TRAN: 10 } as const;

export function envChangeText(w: ByteWriter, type: 1 | 2 | 4, next: string, prev: string): void {
  withLength(w, 0xe3, (b) => b.u8(type).bVarchar(next).bVarchar(prev));
}

export function envChangeCollation(w: ByteWriter, collation: Buffer): void {
  withLength(w, 0xe3, (b) => b.u8(7).u8(collation.length).bytes(collation).u8(0));
}

/**
 * Transaction ENVCHANGE: BEGIN carries the new 8-byte descriptor as NewValue (OldValue empty); COMMIT and ROLLBACK
 * carry an empty NewValue and the ended transaction's descriptor as OldValue. The client puts the descriptor of
 * its open transaction into the ALL_HEADERS of every later request (0 again after COMMIT/ROLLBACK).
 */
export function envChangeTransaction(w: ByteWriter, type: 8 | 9 | 10, descriptor: bigint): void {
  const d = Buffer.alloc(8);
  d.writeBigUInt64LE(descriptor);
  withLength(w, 0xe3, (b) => (type === ENV.BEGIN_TRAN ? b.u8(type).u8(8).bytes(d).u8(0) : b.u8(type).u8(0).u8(8).bytes(d)));
}

/** ENVCHANGE 18: acknowledges a RESETCONNECTION request (both values empty); SQL Server sends it first in the response. */
export function envChangeResetAck(w: ByteWriter): void {
  withLength(w, 0xe3, (b) => b.u8(18).u8(0).u8(0));
}

export function loginAck(w: ByteWriter): void {
  withLength(w, 0xad, (b) =>
    b
      .u8(1) // interface SQL_TSQL
      .u32be(0x74000004) // TDS 7.4
      .bVarchar('Microsoft SQL Server')
      .u8(SERVER_VERSION.major)
      .u8(SERVER_VERSION.minor)
      .u8(SERVER_VERSION.build >> 8)
      .u8(SERVER_VERSION.build & 0xff),
  );
}

function serverMessage(w: ByteWriter, token: 0xaa | 0xab, m: ServerMessage): void {
  withLength(w, token, (b) =>
    b
      .i32(m.number)
      .u8(m.state)
      .u8(m.severity)
      .usVarchar(m.message)
      .bVarchar(m.serverName)
      .bVarchar(m.procName ?? '')
      .i32(m.line ?? 1),
  );
}

export function errorToken(w: ByteWriter, m: ServerMessage): void {
  serverMessage(w, 0xaa, m);
}

export function infoToken(w: ByteWriter, m: ServerMessage): void {
  serverMessage(w, 0xab, m);
}

export function done(w: ByteWriter, kind: 'DONE' | 'DONEPROC' | 'DONEINPROC', status: number, rowCount = 0, curCmd = 0): void {
  w.u8(kind === 'DONE' ? 0xfd : kind === 'DONEPROC' ? 0xfe : 0xff)
    .u16(status)
    .u16(curCmd)
    .u64(BigInt(rowCount));
}

export function returnStatus(w: ByteWriter, value: number): void {
  w.u8(0x79).i32(value);
}

/** RETURNVALUE 0xAC: an OUTPUT parameter of an RPC (ordinal, name, status 0x01, user type, flags, TYPE_INFO, value). */
export function returnValue(w: ByteWriter, ordinal: number, name: string, type: SqlType, value: unknown): void {
  w.u8(0xac).u16(ordinal).bVarchar(name).u8(0x01).u32(0).u16(0x0001);
  writeTypeInfo(w, type);
  writeValue(w, type, value);
}

export function colMetadata(w: ByteWriter, columns: ColumnMeta[]): void {
  w.u8(0x81).u16(columns.length);
  for (const c of columns) {
    w.u32(0); // user type
    w.u16(c.nullable ? 0x0001 : 0x0000);
    writeTypeInfo(w, c.type);
    w.bVarchar(c.name);
  }
}

export function row(w: ByteWriter, columns: ColumnMeta[], values: unknown[]): void {
  w.u8(0xd1);
  for (let i = 0; i < columns.length; i++) writeValue(w, columns[i].type, values[i]);
}
