import iconv from 'iconv-lite';
import type { ByteWriter } from './ByteWriter';
import { POLISH_CI_AS } from './collation';
import { decimalTextToScaled } from './decimalText';
import { daysSinceYear1, parseWallClock, wallClockToDatetimeParts } from './dateTimeText';
import type { SqlType } from './sqlTypes';

/**
 * TYPE_INFO and value encodings for result columns ([MS-TDS] 2.2.5.4 / 2.2.5.5). Everything is sent in its
 * nullable variable-length form (INTN, BITN, MONEYN, DATETIMEN, ...), as SQL Server does for nullable columns.
 * Legacy TEXT and IMAGE columns are sent as varchar(max) / varbinary(max) (PLP) — a simplification: a real server
 * sends the TEXT/IMAGE tokens with text pointers; clients are told to CAST them anyway.
 */

const PLP_NULL = 0xffffffffffffffffn;

function decimalMaxLen(precision: number): number {
  if (precision <= 9) return 5;
  if (precision <= 19) return 9;
  if (precision <= 28) return 13;
  return 17;
}

function intLen(kind: string): number {
  return kind === 'tinyint' ? 1 : kind === 'smallint' ? 2 : kind === 'bigint' ? 8 : 4;
}

export function writeTypeInfo(w: ByteWriter, t: SqlType): void {
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      w.u8(0x26).u8(intLen(t.kind));
      return;
    case 'bit':
      w.u8(0x68).u8(1);
      return;
    case 'money':
      w.u8(0x6e).u8(8);
      return;
    case 'float':
      w.u8(0x6d).u8(8);
      return;
    case 'decimal':
      w.u8(0x6a).u8(decimalMaxLen(t.precision)).u8(t.precision).u8(t.scale);
      return;
    case 'datetime':
      w.u8(0x6f).u8(8);
      return;
    case 'date':
      w.u8(0x28);
      return;
    case 'datetime2':
      w.u8(0x2a).u8(t.scale);
      return;
    case 'varchar':
      w.u8(0xa7).u16(t.length === 'max' ? 0xffff : t.length).bytes(POLISH_CI_AS);
      return;
    case 'text':
      w.u8(0xa7).u16(0xffff).bytes(POLISH_CI_AS);
      return;
    case 'char':
      w.u8(0xaf).u16(t.length).bytes(POLISH_CI_AS);
      return;
    case 'nvarchar':
      w.u8(0xe7).u16(t.length === 'max' ? 0xffff : Math.min(t.length * 2, 8000)).bytes(POLISH_CI_AS);
      return;
    case 'nchar':
      w.u8(0xef).u16(t.length * 2).bytes(POLISH_CI_AS);
      return;
    case 'varbinary':
      w.u8(0xa5).u16(t.length === 'max' ? 0xffff : t.length);
      return;
    case 'image':
      w.u8(0xa5).u16(0xffff);
      return;
  }
}

function isPlp(t: SqlType): boolean {
  return t.kind === 'text' || t.kind === 'image' || ((t.kind === 'varchar' || t.kind === 'nvarchar' || t.kind === 'varbinary') && t.length === 'max');
}

function writePlp(w: ByteWriter, data: Buffer | null): void {
  if (data === null) {
    w.u64(PLP_NULL);
    return;
  }
  w.u64(BigInt(data.length));
  const CHUNK = 8000;
  for (let i = 0; i < data.length; i += CHUNK) {
    const part = data.subarray(i, i + CHUNK);
    w.u32(part.length).bytes(part);
  }
  w.u32(0);
}

function textBytes(t: SqlType, value: unknown): Buffer {
  const s = String(value);
  if (t.kind === 'nvarchar' || t.kind === 'nchar') return Buffer.from(s, 'utf16le');
  // varchar/char/text: the column collation's code page (CP1250 for Polish_CI_AS). Unmappable characters become '?'.
  return iconv.encode(s, 'cp1250');
}

/** Encodes one column value as it appears in a ROW token. `value` is what PostgreSQL returned (or null). */
export function writeValue(w: ByteWriter, t: SqlType, value: unknown): void {
  if (isPlp(t)) {
    if (value === null || value === undefined) return writePlp(w, null);
    return writePlp(w, t.kind === 'varbinary' || t.kind === 'image' ? (value as Buffer) : textBytes(t, value));
  }
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint': {
      if (value === null || value === undefined) return void w.u8(0);
      const len = intLen(t.kind);
      w.u8(len);
      if (len === 1) w.u8(Number(value));
      else if (len === 2) w.u16(Number(value) & 0xffff);
      else if (len === 4) w.i32(Number(value));
      else w.i64(BigInt(String(value)));
      return;
    }
    case 'bit':
      if (value === null || value === undefined) return void w.u8(0);
      w.u8(1).u8(value === true || Number(value) !== 0 ? 1 : 0);
      return;
    case 'money': {
      if (value === null || value === undefined) return void w.u8(0);
      const v = decimalTextToScaled(String(value), 4);
      const hi = Number(BigInt.asIntN(32, v >> 32n));
      const lo = Number(BigInt.asUintN(32, v));
      w.u8(8).i32(hi).u32(lo);
      return;
    }
    case 'float':
      if (value === null || value === undefined) return void w.u8(0);
      w.u8(8).f64(Number(value));
      return;
    case 'decimal': {
      if (value === null || value === undefined) return void w.u8(0);
      const v = decimalTextToScaled(String(value), t.scale);
      const len = decimalMaxLen(t.precision);
      w.u8(len).u8(v < 0n ? 0 : 1);
      let mag = v < 0n ? -v : v;
      for (let i = 0; i < len - 1; i++) {
        w.u8(Number(mag & 0xffn));
        mag >>= 8n;
      }
      return;
    }
    case 'datetime': {
      if (value === null || value === undefined) return void w.u8(0);
      const { days, ticks } = wallClockToDatetimeParts(String(value));
      w.u8(8).i32(days).u32(ticks);
      return;
    }
    case 'date': {
      if (value === null || value === undefined) return void w.u8(0);
      const c = parseWallClock(String(value));
      const days = daysSinceYear1(c.y, c.mo, c.d);
      w.u8(3).u8(days & 0xff).u8((days >> 8) & 0xff).u8((days >> 16) & 0xff);
      return;
    }
    case 'datetime2': {
      if (value === null || value === undefined) return void w.u8(0);
      const c = parseWallClock(String(value));
      const timeLen = t.scale <= 2 ? 3 : t.scale <= 4 ? 4 : 5;
      const units = BigInt(Math.round((c.h * 3600 + c.mi * 60 + c.s + c.frac) * 10 ** t.scale));
      w.u8(timeLen + 3);
      for (let i = 0; i < timeLen; i++) w.u8(Number((units >> BigInt(8 * i)) & 0xffn));
      const days = daysSinceYear1(c.y, c.mo, c.d);
      w.u8(days & 0xff).u8((days >> 8) & 0xff).u8((days >> 16) & 0xff);
      return;
    }
    case 'varchar':
    case 'char':
    case 'nvarchar':
    case 'nchar': {
      if (value === null || value === undefined) return void w.u16(0xffff);
      let bytes = textBytes(t, value);
      if (t.kind === 'char' || t.kind === 'nchar') {
        const width = t.kind === 'nchar' ? t.length * 2 : t.length;
        if (bytes.length < width) bytes = Buffer.concat([bytes, (t.kind === 'nchar' ? Buffer.from(' '.repeat((width - bytes.length) / 2), 'utf16le') : Buffer.alloc(width - bytes.length, 0x20))]);
      }
      w.u16(bytes.length).bytes(bytes);
      return;
    }
    case 'varbinary': {
      if (value === null || value === undefined) return void w.u16(0xffff);
      const b = value as Buffer;
      w.u16(b.length).bytes(b);
      return;
    }
  }
}
