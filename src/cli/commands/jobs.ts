import type { Command } from 'commander';
import type { JobListItem } from '../../jobs/jobList';
import { apiClientFrom, type ApiOptions, withApiOptions } from '../api/apiOptions';
import { out } from '../api/cliOutput';
import { CliError } from '../cliError';
import { followJob } from '../jobs/followJob';
import { counts } from '../jobs/progressText';
import { jobPath } from '../jobs/watchJob';
import type { RegisterCommand } from './registerCommand';

const STATUSES = ['running', 'paused', 'awaiting_confirmation', 'completed', 'failed', 'cancelled'];

function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} expects a whole number ≥ 1, got "${v}"`);
    return n;
  };
}

interface ListOptions extends ApiOptions {
  status?: string;
  type?: string;
  shop?: number;
  limit: number;
}

/** `ppm jobs list|watch|cancel|pause|resume|confirm|discard`: sync jobs of a running API. */
export const register: RegisterCommand = (program: Command) => {
  const jobs = program.command('jobs').description('sync jobs of a running API (--api-url/$PPM_API_URL, --token/$PPM_TOKEN)');

  withApiOptions(
    jobs
      .command('list')
      .description('sync jobs, newest first')
      .option('--status <status>', STATUSES.join(' | '))
      .option('--type <type>', 'product-sync | bulk')
      .option('--shop <id>', 'jobs touching this shop', positiveInt('--shop'))
      .option('--limit <n>', 'at most this many (1–100)', positiveInt('--limit'), 25),
  ).action(async (opts: ListOptions) => {
    if (opts.status && !STATUSES.includes(opts.status)) throw new CliError(`--status must be one of ${STATUSES.join(', ')} (got "${opts.status}")`);
    if (opts.type && !['product-sync', 'bulk'].includes(opts.type)) throw new CliError(`--type must be product-sync or bulk (got "${opts.type}")`);
    if (opts.limit > 100) throw new CliError('--limit is at most 100');
    const q = new URLSearchParams({ limit: String(opts.limit) });
    if (opts.status) q.set('status', opts.status);
    if (opts.type) q.set('type', opts.type);
    if (opts.shop) q.set('shopId', String(opts.shop));
    const page = await apiClientFrom(opts).get<{ items: JobListItem[]; nextStartedBefore: string | null }>(`/jobs?${q}`);
    if (opts.json) return out.json(page);
    if (!page.items.length) return out.line('no jobs');
    for (const j of page.items) {
      const p = j.progress;
      const status = j.executionStatus === 'RUNNING' ? (j.phase ?? 'running') : j.executionStatus.toLowerCase();
      out.line(`${j.startedAt.slice(0, 19).replace('T', ' ')}  ${status.padEnd(12)} ${j.id}  ${j.operation ?? ''} shops ${j.shopIds.join(',') || '-'}${p ? `  ${p.done}/${p.total} ${counts(p)}` : ''}`);
    }
  });

  withApiOptions(jobs.command('watch <id>').description('follow a job: progress bar, per-shop counts, failures as they come; exit code by outcome')).action(
    (id: string, opts: ApiOptions) => followJob(apiClientFrom(opts), id, opts),
  );

  for (const action of ['cancel', 'pause', 'resume', 'confirm', 'discard'] as const) {
    withApiOptions(
      jobs.command(`${action} <id>`).description(
        {
          cancel: 'cancel a job (a compensating job undoes what it did)',
          pause: 'pause a job (no new batches until resume)',
          resume: 'resume a paused job',
          confirm: 'apply exactly the plan of a preview job',
          discard: 'end a preview job without writing',
        }[action],
      ),
    ).action(async (id: string, opts: ApiOptions) => {
      const res = await apiClientFrom(opts).post<unknown>(`${jobPath(id)}/${action}`);
      if (opts.json) return out.json(res.body);
      out.line({ cancel: `cancel requested for ${id}`, pause: `paused ${id}`, resume: `resumed ${id}`, confirm: `confirmed ${id}: applying its plan`, discard: `discarded ${id}` }[action]);
    });
  }
};
