/** What the simulator received, for tests and demos (`GET /__sim/requests`). Bounded. */
export interface LoggedRequest {
  at: string;
  kind: 'token' | 'api' | 'control';
  method: string;
  path: string;
  query: string;
  status: number;
  /** The app identity (client id) when known. */
  clientId?: string;
  prefer?: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly max = 20_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }

  list(): LoggedRequest[] {
    return this.entries.slice();
  }

  clear(): void {
    this.entries = [];
  }
}
