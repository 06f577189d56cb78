import iconv from 'iconv-lite';
import { ByteReader } from './ByteReader';
import { codePageOf } from './collation';
import { scaledToDecimalText } from './decimalText';
import { datetimePartsToWallClock, year1DaysToDate } from './dateTimeText';
import type { SqlType } from './sqlTypes';

/** A decoded RPC parameter: its SQL type (from TYPE_INFO) and value as the query engine wants it. */
export interface RpcParam {
  name: string;
  output: boolean;
  type: SqlType;
  /** number (ints, float), string (bigint, money, decimal, strings, date/time as wall-clock text), Buffer, or null. */
  value: number | string | Buffer | null;
}

export class UnsupportedParamTypeError extends Error {}

interface TypeInfo {
  type: SqlType;
  read: (r: ByteReader) => RpcParam['value'];
}

function readPlp(r: ByteReader): Buffer | null {
  const total = r.u64();
  if (total === 0xffffffffffffffffn) return null;
  const parts: Buffer[] = [];
  for (;;) {
    const len = r.u32();
    if (len === 0) break;
    parts.push(r.bytes(len));
  }
  return Buffer.concat(parts);
}

function readIntN(r: ByteReader): number | string | null {
  const len = r.u8();
  switch (len) {
    case 0:
      return null;
    case 1:
      return r.u8();
    case 2:
      return r.bytes(2).readInt16LE(0);
    case 4:
      return r.i32();
    case 8:
      return r.i64().toString();
    default:
      throw new UnsupportedParamTypeError(`bad INTN length ${len}`);
  }
}

/** `HH:MM:SS.ffffff` from a TIME value: `units` of 10^-scale seconds since midnight. */
function timeOfDayText(units: bigint, scale: number): string {
  const totalSeconds = Number(units) / 10 ** scale;
  const h = Math.floor(totalSeconds / 3600);
  const mi = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const sec = Math.floor(s);
  const frac = Math.round((s - sec) * 1e6).toString().padStart(6, '0');
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${frac}`;
}

function readLeUnsigned(b: Buffer): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

function readDate3(r: ByteReader): string {
  const db = r.bytes(3);
  return year1DaysToDate(db[0] | (db[1] << 8) | (db[2] << 16));
}

/** A fixed-length type's value has no length prefix ([MS-TDS] 2.2.5.4.1 FIXEDLENTYPE). */
function fixedLengthType(typeByte: number): TypeInfo | undefined {
  switch (typeByte) {
    case 0x30:
      return { type: { kind: 'tinyint' }, read: (x) => x.u8() };
    case 0x34:
      return { type: { kind: 'smallint' }, read: (x) => x.bytes(2).readInt16LE(0) };
    case 0x38:
      return { type: { kind: 'int' }, read: (x) => x.i32() };
    case 0x7f:
      return { type: { kind: 'bigint' }, read: (x) => x.i64().toString() };
    case 0x32:
      return { type: { kind: 'bit' }, read: (x) => (x.u8() ? 1 : 0) };
    case 0x3b:
      return { type: { kind: 'float' }, read: (x) => x.f32() };
    case 0x3e:
      return { type: { kind: 'float' }, read: (x) => x.f64() };
    case 0x7a:
      return { type: { kind: 'money' }, read: (x) => scaledToDecimalText(BigInt(x.i32()), 4) };
    case 0x3c:
      return {
        type: { kind: 'money' },
        read: (x) => {
          const hi = BigInt(x.i32());
          return scaledToDecimalText((hi << 32n) + BigInt(x.u32()), 4);
        },
      };
    case 0x3a:
      return { type: { kind: 'datetime' }, read: (x) => datetimePartsToWallClock(x.u16(), x.u16() * 60 * 300) };
    case 0x3d:
      return { type: { kind: 'datetime' }, read: (x) => datetimePartsToWallClock(x.i32(), x.u32()) };
    default:
      return undefined;
  }
}

/** GUID bytes on the wire: the first three groups little-endian, the last two as stored. */
function guidText(b: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Buffer.from(b.subarray(from, to));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`.toUpperCase();
}

function readTypeInfo(r: ByteReader): TypeInfo {
  const typeByte = r.u8();
  const fixed = fixedLengthType(typeByte);
  if (fixed) return fixed;
  switch (typeByte) {
    case 0x24:
      r.u8();
      return {
        // uniqueidentifier: the simulated Subiekt schema has no GUID columns; the value is bound as its text form.
        type: { kind: 'char', length: 36 },
        read: (x) => (x.u8() === 0 ? null : guidText(x.bytes(16))),
      };
    case 0x29: {
      const scale = r.u8();
      return {
        // time(n): bound as its text (the simulated schema has no time columns).
        type: { kind: 'varchar', length: 16 },
        read: (x) => {
          const len = x.u8();
          return len === 0 ? null : timeOfDayText(readLeUnsigned(x.bytes(len)), scale);
        },
      };
    }
    case 0x2b: {
      const scale = r.u8();
      return {
        // datetimeoffset(n): the wire carries UTC time and date plus the offset in minutes. CAST to datetime2 keeps the
        // local wall-clock time, so it is bound as local datetime2 text.
        type: { kind: 'datetime2', scale },
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          const units = readLeUnsigned(x.bytes(len - 5));
          const date = readDate3(x);
          const offsetMinutes = x.bytes(2).readInt16LE(0);
          const utcMs = Date.parse(`${date}T00:00:00Z`) + Math.floor(Number(units) / 10 ** (scale - 3));
          const local = new Date(utcMs + offsetMinutes * 60_000).toISOString();
          return `${local.slice(0, 10)} ${local.slice(11, 23)}`;
        },
      };
    }
    case 0x22:
    case 0x23:
    case 0x63: {
      // Legacy image/text/ntext parameters: TYPE_INFO = 4-byte max length (+ collation for text/ntext); the value is a
      // 4-byte length (0xFFFFFFFF = NULL) and the bytes. (RPC parameters carry no text pointer.)
      r.u32();
      const collation = typeByte === 0x22 ? null : r.bytes(5);
      return {
        type: typeByte === 0x22 ? { kind: 'image' } : typeByte === 0x23 ? { kind: 'text' } : { kind: 'nvarchar', length: 'max' },
        read: (x) => {
          const len = x.u32();
          if (len === 0xffffffff) return null;
          const b = x.bytes(len);
          if (collation === null) return Buffer.from(b);
          return typeByte === 0x63 ? b.toString('utf16le') : iconv.decode(b, codePageOf(collation));
        },
      };
    }

    case 0x26: {
      const max = r.u8();
      const kind = max === 1 ? 'tinyint' : max === 2 ? 'smallint' : max === 8 ? 'bigint' : 'int';
      return { type: { kind }, read: readIntN };
    }
    case 0x68:
      r.u8();
      return { type: { kind: 'bit' }, read: (x) => (x.u8() === 0 ? null : x.u8() ? 1 : 0) };
    case 0x6d:
      r.u8();
      return {
        type: { kind: 'float' },
        read: (x) => {
          const len = x.u8();
          return len === 0 ? null : len === 4 ? x.f32() : x.f64();
        },
      };
    case 0x6e:
      r.u8();
      return {
        type: { kind: 'money' },
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          if (len === 4) return scaledToDecimalText(BigInt(x.i32()), 4);
          const hi = BigInt(x.i32());
          const lo = BigInt(x.u32());
          return scaledToDecimalText((hi << 32n) + lo, 4);
        },
      };
    case 0x6a:
    case 0x6c: {
      r.u8();
      const precision = r.u8();
      const scale = r.u8();
      return {
        type: { kind: 'decimal', precision, scale },
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          const sign = x.u8();
          const mag = x.bytes(len - 1);
          let v = 0n;
          for (let i = mag.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(mag[i]);
          return scaledToDecimalText(sign === 0 ? -v : v, scale);
        },
      };
    }
    case 0xe7:
    case 0xef:
    case 0xa7:
    case 0xaf: {
      const maxLen = r.u16();
      const collation = r.bytes(5);
      const unicode = typeByte === 0xe7 || typeByte === 0xef;
      const fixed = typeByte === 0xef || typeByte === 0xaf;
      const decode = (b: Buffer): string => (unicode ? b.toString('utf16le') : iconv.decode(b, codePageOf(collation)));
      const chars = unicode ? maxLen / 2 : maxLen;
      const type: SqlType = maxLen === 0xffff ? { kind: unicode ? 'nvarchar' : 'varchar', length: 'max' } : fixed ? { kind: unicode ? 'nchar' : 'char', length: chars } : { kind: unicode ? 'nvarchar' : 'varchar', length: chars };
      return {
        type,
        read: (x) => {
          if (maxLen === 0xffff) {
            const b = readPlp(x);
            return b === null ? null : decode(b);
          }
          const len = x.u16();
          return len === 0xffff ? null : decode(x.bytes(len));
        },
      };
    }
    case 0xa5:
    case 0xad: {
      const maxLen = r.u16();
      return {
        type: { kind: 'varbinary', length: maxLen === 0xffff ? 'max' : maxLen },
        read: (x) => {
          if (maxLen === 0xffff) return readPlp(x);
          const len = x.u16();
          return len === 0xffff ? null : Buffer.from(x.bytes(len));
        },
      };
    }
    case 0x6f:
      r.u8();
      return {
        type: { kind: 'datetime' },
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          if (len === 4) {
            const days = x.u16();
            const minutes = x.u16();
            return datetimePartsToWallClock(days, minutes * 60 * 300);
          }
          return datetimePartsToWallClock(x.i32(), x.u32());
        },
      };
    case 0x28:
      return {
        type: { kind: 'date' },
        read: (x) => (x.u8() === 0 ? null : readDate3(x)),
      };
    case 0x2a: {
      const scale = r.u8();
      return {
        type: { kind: 'datetime2', scale },
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          const units = readLeUnsigned(x.bytes(len - 3));
          return `${readDate3(x)} ${timeOfDayText(units, scale)}`;
        },
      };
    }
    default:
      throw new UnsupportedParamTypeError(`parameter data type 0x${typeByte.toString(16)} is not supported by the simulator`);
  }
}

export interface RpcRequest {
  procName: string | null;
  procId: number | null;
  /** RPC option flags: 0x01 WITH RECOMPILE, 0x02 no metadata, 0x04 reuse metadata */
  optionFlags: number;
  params: RpcParam[];
}

/** ALL_HEADERS ([MS-TDS] 2.2.5.3): where the request data starts and the client's transaction descriptor (0 = none). */
export interface RequestHeaders {
  dataOffset: number;
  transactionDescriptor: bigint;
}

export function parseAllHeaders(payload: Buffer): RequestHeaders {
  const total = payload.readUInt32LE(0);
  let transactionDescriptor = 0n;
  let at = 4;
  while (at + 6 <= total) {
    const length = payload.readUInt32LE(at);
    const type = payload.readUInt16LE(at + 4);
    if (type === 2 && length >= 14) transactionDescriptor = payload.readBigUInt64LE(at + 6);
    if (length < 6) break;
    at += length;
  }
  return { dataOffset: total, transactionDescriptor };
}

/** RPC batch separators between calls in one message: 0xFF (TDS 7.2+), 0x80 (earlier), 0xFE (NoExec). */
const BATCH_FLAGS = new Set([0xff, 0x80, 0xfe]);

/** Parses an RPC request message ([MS-TDS] 2.2.6.6): ALL_HEADERS, then one or more calls separated by batch flags. */
export function parseRpcRequest(payload: Buffer): { headers: RequestHeaders; calls: RpcRequest[] } {
  const headers = parseAllHeaders(payload);
  const r = new ByteReader(payload);
  r.pos = headers.dataOffset;
  const calls: RpcRequest[] = [];
  while (r.remaining > 0) {
    const nameLen = r.u16();
    let procName: string | null = null;
    let procId: number | null = null;
    if (nameLen === 0xffff) procId = r.u16();
    else procName = r.bytes(nameLen * 2).toString('utf16le');
    const optionFlags = r.u16();
    const params: RpcParam[] = [];
    while (r.remaining > 0 && !BATCH_FLAGS.has(r.buf[r.pos])) {
      const name = r.bVarchar();
      const status = r.u8();
      const info = readTypeInfo(r);
      params.push({ name, output: (status & 0x01) !== 0, type: info.type, value: info.read(r) });
    }
    calls.push({ procName, procId, optionFlags, params });
    if (r.remaining > 0) r.u8(); // the batch flag
  }
  return { headers, calls };
}

/** The UCS-2 text of a SQL_BATCH payload after ALL_HEADERS. */
export function parseSqlBatch(payload: Buffer): { headers: RequestHeaders; sql: string } {
  const headers = parseAllHeaders(payload);
  return { headers, sql: payload.subarray(headers.dataOffset).toString('utf16le') };
}
