/** TDS packet framing ([MS-TDS] 2.2.3): 8-byte headers, messages reassembled by the EOM status bit. */

export const PACKET_TYPE = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;

const HEADER = 8;
const STATUS_EOM = 0x01;
const STATUS_IGNORE = 0x02;
const STATUS_RESETCONNECTION = 0x08;
const STATUS_RESETCONNECTIONSKIPTRAN = 0x10;

export interface TdsMessage {
  type: number;
  payload: Buffer;
  /** RESETCONNECTION / RESETCONNECTIONSKIPTRAN on the message's first packet: reset the session before running it (pooled clients). */
  reset: 'none' | 'session' | 'sessionKeepTransaction';
}

/** Feeds raw socket bytes; calls `onMessage` for each complete client message. */
export class MessageAssembler {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private type = -1;
  private ignore = false;
  private reset: TdsMessage['reset'] = 'none';

  constructor(private readonly onMessage: (m: TdsMessage, ignored: boolean) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= HEADER) {
      const length = this.pending.readUInt16BE(2);
      if (length < HEADER) throw new Error(`invalid TDS packet length ${length}`);
      if (this.pending.length < length) return;
      const type = this.pending[0];
      const status = this.pending[1];
      const body = this.pending.subarray(HEADER, length);
      this.pending = this.pending.subarray(length);
      if (this.parts.length === 0) {
        this.type = type;
        this.reset = status & STATUS_RESETCONNECTION ? 'session' : status & STATUS_RESETCONNECTIONSKIPTRAN ? 'sessionKeepTransaction' : 'none';
      }
      this.parts.push(Buffer.from(body));
      if (status & STATUS_IGNORE) this.ignore = true;
      if (status & STATUS_EOM) {
        const message: TdsMessage = { type: this.type, payload: Buffer.concat(this.parts), reset: this.reset };
        const ignored = this.ignore;
        this.parts = [];
        this.ignore = false;
        // A message the client ended with IGNORE was cancelled while being sent: it is not executed.
        this.onMessage(message, ignored);
      }
    }
  }
}

/** Splits one server message into packets of at most `packetSize` bytes (header included). */
export function frameMessage(type: number, payload: Buffer, packetSize: number, spid: number): Buffer {
  const room = Math.max(512, packetSize) - HEADER;
  const packets: Buffer[] = [];
  let offset = 0;
  let id = 1;
  do {
    const chunk = payload.subarray(offset, offset + room);
    offset += chunk.length;
    const header = Buffer.alloc(HEADER);
    header[0] = type;
    header[1] = offset >= payload.length ? STATUS_EOM : 0;
    header.writeUInt16BE(chunk.length + HEADER, 2);
    header.writeUInt16BE(spid & 0xffff, 4);
    header[6] = id++ & 0xff;
    header[7] = 0;
    packets.push(header, chunk);
  } while (offset < payload.length);
  return Buffer.concat(packets);
}
