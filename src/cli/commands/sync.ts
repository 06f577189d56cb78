import type { Command } from 'commander';
import type { z } from 'zod';
import type { ProductSchema } from '../../api/routes/products';
import type { JobAcceptedSchema } from '../../api/routes/productSync';
import type { ApiClient } from '../api/apiClient';
import { apiClientFrom, type ApiOptions, withApiOptions } from '../api/apiOptions';
import { out } from '../api/cliOutput';
import { CliError } from '../cliError';
import { followJob } from '../jobs/followJob';
import type { RegisterCommand } from './registerCommand';

type JobAccepted = z.infer<typeof JobAcceptedSchema>;
type Product = z.infer<typeof ProductSchema>;

interface StartOptions extends ApiOptions {
  shops?: number[];
  force?: boolean;
  preview?: boolean;
  watch?: boolean;
  idempotencyKey?: string;
}

export function idList(flag: string) {
  return (v: string): number[] => {
    const ids = v.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
    if (!ids.length || ids.some((n) => !Number.isInteger(n) || n < 1)) throw new CliError(`${flag} expects comma-separated ids such as 1,2 (got "${v}")`);
    return ids;
  };
}

const NUMERIC_FILTERS = new Set(['erpSourceId', 'categoryId']);

/** `--filter` as JSON (`{"skuPrefix":"TW-"}`) or `key=value,key=value` with the API's filter keys. */
export function parseFilter(v: string): Record<string, unknown> {
  const text = v.trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new CliError(`--filter is not valid JSON: ${text}`);
    }
  }
  const filter: Record<string, unknown> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new CliError(`--filter expects key=value pairs (status, skuPrefix, erpSourceId, categoryId, updatedSince), got "${part}"`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    filter[key] = NUMERIC_FILTERS.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return filter;
}

/** The BulkRequest body from the flags, checked with the API's own schema before anything is sent. */
export async function bulkBody(opts: { operation: string; filter?: Record<string, unknown>; productIds?: number[]; shops?: number[]; onFailure?: string; force?: boolean; preview?: boolean }) {
  const body = {
    operation: opts.operation,
    ...(opts.productIds ? { productIds: opts.productIds } : {}),
    ...(opts.filter ? { filter: opts.filter } : {}),
    ...(opts.shops ? { shopIds: opts.shops } : {}),
    ...(opts.onFailure ? { onFailure: opts.onFailure } : {}),
    force: !!opts.force,
    mode: opts.preview ? 'preview' : 'apply',
  };
  const { BulkRequestSchema } = (require('../../api/routes/productSync') as typeof import('../../api/routes/productSync'));
  const checked = BulkRequestSchema.safeParse(body);
  if (!checked.success) {
    const flag: Record<string, string> = { operation: '--operation', productIds: '--product-ids', filter: '--filter', shopIds: '--shops', onFailure: '--on-failure' };
    const problems = checked.error.issues.map((i) => !i.path.length ? i.message : `${flag[String(i.path[0])] ?? i.path.join('.')}${i.path.length > 1 ? ` (${i.path.slice(1).join('.')})` : ''}: ${i.message}`);
    if (!opts.productIds && !opts.filter) problems.push('give --filter or --product-ids');
    throw new CliError(`Invalid bulk request: ${[...new Set(problems)].join('; ')}`);
  }
  return body;
}

/** The product with exactly this SKU (the catalogue lists by SKU prefix). */
async function productBySku(client: ApiClient, sku: string): Promise<Product> {
  const page = await client.get<{ items: Product[] }>(`/products?${new URLSearchParams({ skuPrefix: sku, pageSize: '200' })}`);
  const product = page.items.find((p) => p.sku === sku);
  if (!product) throw new CliError(`No product with SKU "${sku}" in the catalogue.`);
  return product;
}

async function started(client: ApiClient, res: { body: JobAccepted; status: number }, opts: StartOptions): Promise<void> {
  const job = res.body;
  if (opts.watch) {
    if (!opts.json) process.stderr.write(`${job.created ? 'started' : 'already running'}: ${job.jobId}\n`);
    return followJob(client, job.jobId, opts);
  }
  if (opts.json) return out.json(job);
  out.line(job.jobId);
  out.note(`${job.created ? 'started' : 'same job as before (Idempotency-Key)'}; follow it with: ppm jobs watch ${job.jobId}`);
}

const idempotency = (opts: StartOptions): Record<string, string> => (opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {});

/** `ppm sync product <sku>` and `ppm sync bulk`: start sync jobs through a running API. */
export const register: RegisterCommand = (program: Command) => {
  const sync = program.command('sync').description('start sync jobs through a running API (--api-url/$PPM_API_URL, --token/$PPM_TOKEN)');
  const startFlags = (cmd: Command) =>
    withApiOptions(
      cmd
        .option('--shops <ids>', 'shop ids, comma-separated (default: every active shop)', idList('--shops'))
        .option('--force', 'write even when the shop already holds the same payload')
        .option('--preview', 'plan only; apply later with `ppm jobs confirm <id>` (or discard it)')
        .option('--watch', 'follow the job to its end (exit code by outcome)')
        .option('--idempotency-key <key>', 'repeating a start with the same key returns the same job'),
    );

  startFlags(sync.command('product <sku>').description('sync one product (by SKU) to its shops')).action(async (sku: string, opts: StartOptions) => {
    const client = apiClientFrom(opts);
    const product = await productBySku(client, sku);
    const body = { ...(opts.shops ? { shopIds: opts.shops } : {}), force: !!opts.force, mode: opts.preview ? 'preview' : 'apply' };
    await started(client, await client.post<JobAccepted>(`/products/${product.id}/sync`, body, idempotency(opts)), opts);
  });

  startFlags(
    sync
      .command('bulk')
      .description('a bulk create | update | delete | export over a catalogue filter or product ids')
      .requiredOption('--operation <op>', 'create | update | delete | export')
      .option('--filter <filter>', 'key=value,… (status, skuPrefix, erpSourceId, categoryId, updatedSince) or JSON', parseFilter)
      .option('--product-ids <ids>', 'product ids, comma-separated', idList('--product-ids'))
      .option('--on-failure <mode>', 'continue | compensate (undo everything on the first permanent failure)'),
  ).action(async (opts: StartOptions & { operation: string; filter?: Record<string, unknown>; productIds?: number[]; onFailure?: string }) => {
    const body = await bulkBody(opts);
    const client = apiClientFrom(opts);
    await started(client, await client.post<JobAccepted>('/products/bulk', body, idempotency(opts)), opts);
  });
};
