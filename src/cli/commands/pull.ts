import type { Command } from 'commander';
import type { z } from 'zod';
import type { JobAcceptedSchema } from '../../api/routes/productSync';
import type { ApiClient } from '../api/apiClient';
import { apiClientFrom, type ApiOptions, withApiOptions } from '../api/apiOptions';
import { out } from '../api/cliOutput';
import { CliError } from '../cliError';
import { followJob } from '../jobs/followJob';
import type { RegisterCommand } from './registerCommand';

type JobAccepted = z.infer<typeof JobAcceptedSchema>;

/** A source id as given, or the id of the source with this name (listing sources needs the admin role). */
async function sourceId(client: ApiClient, source: string): Promise<number> {
  if (/^\d+$/.test(source)) return Number(source);
  const { items } = await client.get<{ items: { id: number; name: string }[] }>('/erp-sources');
  const found = items.find((s) => s.name === source) ?? items.find((s) => s.name.toLowerCase() === source.toLowerCase());
  if (!found) throw new CliError(`No ERP source named "${source}" (known: ${items.map((s) => `${s.id} ${s.name}`).join(', ') || 'none'}).`);
  return found.id;
}

interface PullOptions extends ApiOptions {
  mode: string;
  syncToShops?: boolean;
  watch?: boolean;
}

/** `ppm pull <source>`: pull an ERP source now (POST /erp-sources/{id}/pull). */
export const register: RegisterCommand = (program: Command) => {
  withApiOptions(
    program
      .command('pull <source>')
      .description('pull an ERP source (its id or name; needs an admin token) into the catalogue now, through a running API')
      .option('--mode <mode>', 'auto | full | incremental', 'auto')
      .option('--sync-to-shops', 'afterwards, sync the changed products to the shops')
      .option('--watch', 'follow the pull to its end (exit code by outcome)'),
  ).action(async (source: string, opts: PullOptions) => {
    if (!['auto', 'full', 'incremental'].includes(opts.mode)) throw new CliError(`--mode must be auto, full or incremental (got "${opts.mode}")`);
    const client = apiClientFrom(opts);
    const id = await sourceId(client, source);
    const { body } = await client.post<JobAccepted>(`/erp-sources/${id}/pull`, { mode: opts.mode, syncChangedToShops: !!opts.syncToShops });
    if (opts.watch) {
      if (!opts.json) out.note(`${body.created ? 'started' : 'already running'}: ${body.jobId}`);
      return followJob(client, body.jobId, opts);
    }
    if (opts.json) return out.json(body);
    out.line(body.jobId);
    out.note(`${body.created ? 'started' : 'a pull of this source was already running'}; follow it with: ppm jobs watch ${body.jobId}`);
  });
};
