/** A growable little-endian byte buffer for building TDS payloads. */
export class ByteWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initial = 256) {
    this.buf = Buffer.alloc(initial);
  }

  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf.writeUInt8(v & 0xff, this.len);
    this.len += 1;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.len);
    this.len += 2;
    return this;
  }

  u16be(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.len);
    this.len += 2;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32LE(v, this.len);
    this.len += 4;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.len);
    this.len += 4;
    return this;
  }

  u32be(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
    return this;
  }

  i64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64LE(v, this.len);
    this.len += 8;
    return this;
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigUInt64LE(v, this.len);
    this.len += 8;
    return this;
  }

  f64(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.len);
    this.len += 8;
    return this;
  }

  bytes(b: Buffer | Uint8Array): this {
    this.ensure(b.length);
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).copy(this.buf, this.len);
    this.len += b.length;
    return this;
  }

  /** UCS-2 text without a length prefix. */
  ucs2(s: string): this {
    return this.bytes(Buffer.from(s, 'utf16le'));
  }

  /** B_VARCHAR: 1-byte length in characters, then UCS-2. */
  bVarchar(s: string): this {
    return this.u8(s.length).ucs2(s);
  }

  /** US_VARCHAR: 2-byte length in characters, then UCS-2. */
  usVarchar(s: string): this {
    return this.u16(s.length).ucs2(s);
  }

  /** Overwrite a uint16 at an earlier position (for length fields). */
  patchU16(at: number, v: number): void {
    this.buf.writeUInt16LE(v, at);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}
