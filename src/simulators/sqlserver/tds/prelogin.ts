import { ByteWriter } from './ByteWriter';

/** What the simulator claims to be in PRELOGIN/LOGINACK: SQL Server 2022 RTM (16.0.1000). */
export const SERVER_VERSION = { major: 16, minor: 0, build: 1000 } as const;

/**
 * PRELOGIN response ([MS-TDS] 2.2.6.5): VERSION, ENCRYPTION = ENCRYPT_NOT_SUP (no TLS), INSTOPT, THREADID, MARS.
 * The simulator has no TLS, so a client with `encrypt: true` continues unencrypted (tedious accepts NOT_SUP).
 */
export function buildPreloginResponse(threadId: number): Buffer {
  const options: Array<[number, Buffer]> = [
    [0x00, Buffer.from([SERVER_VERSION.major, SERVER_VERSION.minor, SERVER_VERSION.build >> 8, SERVER_VERSION.build & 0xff, 0, 0])],
    [0x01, Buffer.from([0x02])],
    [0x02, Buffer.from([0x00])],
    [0x03, (() => { const b = Buffer.alloc(4); b.writeUInt32BE(threadId >>> 0); return b; })()],
    [0x04, Buffer.from([0x00])],
  ];
  const w = new ByteWriter();
  let offset = options.length * 5 + 1;
  for (const [token, data] of options) {
    w.u8(token).u16be(offset).u16be(data.length);
    offset += data.length;
  }
  w.u8(0xff);
  for (const [, data] of options) w.bytes(data);
  return w.toBuffer();
}
