import type { ApiClient } from '../api/apiClient';
import { out } from '../api/cliOutput';
import { EXIT } from '../cliError';
import { exitCodeOf } from './jobOutcome';
import { jobReport } from './jobReport';
import { watchInTerminal } from './terminalWatch';

/**
 * `ppm jobs watch` and the `--watch` of starting commands: follows the job to its end, prints the report (or
 * the job with its failures as JSON) and sets the exit code by outcome.
 */
export async function followJob(client: ApiClient, id: string, opts: { json?: boolean }): Promise<void> {
  const { job, failures, interrupted } = await watchInTerminal(client, id, { stream: opts.json ? null : process.stderr });
  if (opts.json) out.json({ ...job, failures });
  else for (const line of jobReport(job, failures)) out.line(line);
  if (interrupted) {
    out.note(`Stopped watching; the job goes on. Follow it again with: ppm jobs watch ${id}`);
    process.exitCode = 130;
    return;
  }
  process.exitCode = exitCodeOf(job);
  if (!opts.json && process.exitCode !== EXIT.ok) out.note(`exit code ${process.exitCode} (${job.status}${(job.progress?.failed ?? 0) > 0 ? `, ${job.progress!.failed} failed` : ''})`);
}
