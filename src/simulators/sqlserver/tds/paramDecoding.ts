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

function readTypeInfo(r: ByteReader): TypeInfo {
  const typeByte = r.u8();
  switch (typeByte) {
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
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          const b = x.bytes(3);
          return year1DaysToDate(b[0] | (b[1] << 8) | (b[2] << 16));
        },
      };
    case 0x2a: {
      const scale = r.u8();
      return {
        type: { kind: 'datetime2', scale },
        read: (x) => {
          const len = x.u8();
          if (len === 0) return null;
          const tb = x.bytes(len - 3);
          let units = 0n;
          for (let i = tb.length - 1; i >= 0; i--) units = (units << 8n) | BigInt(tb[i]);
          const db = x.bytes(3);
          const date = year1DaysToDate(db[0] | (db[1] << 8) | (db[2] << 16));
          const totalSeconds = Number(units) / 10 ** scale;
          const h = Math.floor(totalSeconds / 3600);
          const mi = Math.floor((totalSeconds % 3600) / 60);
          const s = totalSeconds % 60;
          const sec = Math.floor(s);
          const frac = Math.round((s - sec) * 1e6).toString().padStart(6, '0');
          return `${date} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${frac}`;
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
  params: RpcParam[];
}

/** Parses an RPC request payload ([MS-TDS] 2.2.6.6), skipping ALL_HEADERS. */
export function parseRpcRequest(payload: Buffer): RpcRequest {
  const r = new ByteReader(payload);
  const headersLength = r.u32();
  r.pos = headersLength;
  const nameLen = r.u16();
  let procName: string | null = null;
  let procId: number | null = null;
  if (nameLen === 0xffff) procId = r.u16();
  else procName = r.bytes(nameLen * 2).toString('utf16le');
  r.u16(); // option flags
  const params: RpcParam[] = [];
  while (r.remaining > 0) {
    const b = r.buf[r.pos];
    if (b === 0x80 || b === 0xff || b === 0xfe) break; // batch separators: one RPC per message is all tedious sends
    const name = r.bVarchar();
    const status = r.u8();
    const info = readTypeInfo(r);
    params.push({ name, output: (status & 0x01) !== 0, type: info.type, value: info.read(r) });
  }
  return { procName, procId, params };
}

/** The UCS-2 text of a SQL_BATCH payload after ALL_HEADERS. */
export function parseSqlBatch(payload: Buffer): string {
  const headersLength = payload.readUInt32LE(0);
  return payload.subarray(headersLength).toString('utf16le');
}
