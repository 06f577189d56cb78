import type { JobView } from '../../jobs/jobStatus';
import { EXIT, type ExitCode } from '../cliError';

/** Statuses after which a watch stops (a preview waiting for confirmation is as far as it goes on its own). */
export function isSettled(job: JobView): boolean {
  return job.state !== 'running' && job.state !== 'continued' ? true : job.status === 'awaiting_confirmation';
}

/** The exit code a finished job maps to (see EXIT). */
export function exitCodeOf(job: JobView): ExitCode {
  switch (job.status) {
    case 'completed':
      return (job.progress?.failed ?? 0) > 0 ? EXIT.itemsFailed : EXIT.ok;
    case 'awaiting_confirmation':
      return EXIT.ok;
    case 'cancelled':
    case 'discarded':
    case 'expired':
      return EXIT.jobCancelled;
    default:
      return EXIT.jobFailed;
  }
}
