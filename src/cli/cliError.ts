/**
 * Exit codes of the `ppm` client commands (documented in README): scripts branch on them.
 * 0 ok · 1 bad input or an API refusal · 2 the job finished with failed items · 3 the job failed ·
 * 4 the job was cancelled, discarded or expired · 5 the API is unreachable · 6 not signed in or not allowed.
 */
export const EXIT = {
  ok: 0,
  usage: 1,
  itemsFailed: 2,
  jobFailed: 3,
  jobCancelled: 4,
  unreachable: 5,
  auth: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one plain sentence (no stack) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
