/**
 * A start-up problem the user can fix, told in one sentence that says what to do. The CLI prints only the
 * message (no stack trace) and exits 1; it is thrown before anything long-running has started.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
