import { ByteReader } from './ByteReader';

export interface Login7Request {
  tdsVersion: number;
  packetSize: number;
  hostName: string;
  userName: string;
  password: string;
  appName: string;
  database: string;
}

/** Passwords in LOGIN7 are obfuscated: each byte had its nibbles swapped and was XOR-ed with 0xA5. */
function decodePassword(raw: Buffer): string {
  const out = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i] ^ 0xa5;
    out[i] = ((x & 0x0f) << 4) | (x >> 4);
  }
  return out.toString('utf16le');
}

/** Parses the LOGIN7 payload ([MS-TDS] 2.2.6.4): fixed header plus the offset/length table. */
export function parseLogin7(payload: Buffer): Login7Request {
  const r = new ByteReader(payload);
  r.u32(); // total length
  const tdsVersion = r.u32();
  const packetSize = r.u32();
  r.pos = 36;
  const field = (): { offset: number; chars: number } => ({ offset: r.u16(), chars: r.u16() });
  const host = field();
  const user = field();
  const pass = field();
  const app = field();
  field(); // server name
  field(); // extension
  field(); // client interface name
  field(); // language
  const db = field();
  const text = (f: { offset: number; chars: number }): string => payload.subarray(f.offset, f.offset + f.chars * 2).toString('utf16le');
  return {
    tdsVersion,
    packetSize,
    hostName: text(host),
    userName: text(user),
    password: decodePassword(payload.subarray(pass.offset, pass.offset + pass.chars * 2)),
    appName: text(app),
    database: text(db),
  };
}
