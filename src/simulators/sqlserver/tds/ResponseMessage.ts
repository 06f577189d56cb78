import { ByteWriter } from './ByteWriter';
import { done, DONE_STATUS } from './tokens';

/**
 * The token stream of one server response message. It remembers where each DONE/DONEPROC/DONEINPROC token is, so that
 * when the message is finished the DONE_MORE bit can be made exactly right: set on every DONE* that has tokens after
 * it in the message, clear on the last one ([MS-TDS] 2.2.7.6: "DONE_MORE — this DONE message is not the final DONE
 * message in the response; subsequent data streams to follow"). Clients decide from that bit whether the response
 * has ended (pytds goes idle at a DONEINPROC without MORE and then finds the RETURNSTATUS/DONEPROC still unread),
 * so it is set structurally here rather than by each statement.
 */
export class ResponseMessage {
  readonly w = new ByteWriter();
  private readonly doneOffsets: number[] = [];

  done(kind: 'DONE' | 'DONEPROC' | 'DONEINPROC', status: number, rowCount = 0, curCmd = 0): void {
    this.doneOffsets.push(this.w.length);
    done(this.w, kind, status, rowCount, curCmd);
  }

  get hasDone(): boolean {
    return this.doneOffsets.length > 0;
  }

  /** The finished message; the stream must end with a DONE* token. */
  toBuffer(): Buffer {
    const buf = this.w.toBuffer();
    for (let i = 0; i < this.doneOffsets.length; i++) {
      const at = this.doneOffsets[i] + 1;
      const status = buf.readUInt16LE(at);
      const last = i === this.doneOffsets.length - 1 && this.doneOffsets[i] + 13 === buf.length;
      buf.writeUInt16LE(last ? status & ~DONE_STATUS.MORE : status | DONE_STATUS.MORE, at);
    }
    return buf;
  }
}
