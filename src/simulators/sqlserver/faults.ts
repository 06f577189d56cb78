/** Fault injection knobs of the SQL Server simulator; tests mutate them between calls. */
export interface SimulatorFaults {
  /** Delay before every response to a query (ms). A client request timeout then sends ATTENTION. */
  latencyMs: number;
  /** The next N logins fail with 18456 even with the right password. */
  failNextLogins: number;
  /** The next N statements that read tables fail with error 1205 (deadlock victim). */
  deadlockNextQueries: number;
  /** The next N statements that read tables close the connection instead of answering. */
  dropConnectionNextQueries: number;
  /** Tables (case-insensitive) the login may not SELECT from: error 229. */
  denySelect: string[];
}

export function noFaults(): SimulatorFaults {
  return { latencyMs: 0, failNextLogins: 0, deadlockNextQueries: 0, dropConnectionNextQueries: 0, denySelect: [] };
}
