/** Every `/api/` request the simulator saw, for tests that count calls (e.g. "exactly one POST"). */
export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  status: number | null;
  write: boolean;
  /** Fault applied instead of (or after) normal processing. */
  fault: string | null;
  durationMs: number | null;
  /** `/api/` requests in progress when this one arrived, itself included (for concurrency-limit checks). */
  concurrent: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  start(method: string, path: string, query: string, write: boolean, concurrent: number): LoggedRequest {
    const e: LoggedRequest = { seq: ++this.seq, at: new Date().toISOString(), method, path, query, status: null, write, fault: null, durationMs: null, concurrent };
    this.entries.push(e);
    if (this.entries.length > 10_000) this.entries.shift();
    return e;
  }

  list(sinceSeq = 0): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > sinceSeq);
  }

  clear(): void {
    this.entries = [];
  }
}
