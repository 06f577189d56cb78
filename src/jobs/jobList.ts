import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { SA_JOB_KIND, SA_JOB_PHASE, SA_OPERATION, SA_SHOP_IDS, SA_USER_ID } from '../temporal/searchAttributes';
import type { JobProgress } from '../../workflows/syncTypes';
import { PRODUCT_IMPORT_WORKFLOW_TYPE, type ProductImportProgress } from '../../workflows/productImportIds';
import { MASS_EDIT_WORKFLOW_TYPE } from '../../workflows/massEditIds';
import { ERP_PULL_WORKFLOW_TYPE } from '../../workflows/erpPullIds';

export interface JobListFilter {
  /** 'erp-pull': ERP pulls (by workflow type: a pull carries no job search attributes); listed for admins only. */
  type?: 'product-sync' | 'bulk' | 'product-import' | 'mass-edit' | 'erp-pull';
  operation?: string;
  status?: 'running' | 'paused' | 'awaiting_confirmation' | 'completed' | 'failed' | 'cancelled';
  shopId?: number;
  userId?: string;
  startedAfter?: string;
  /** Cursor: only jobs started before this instant (the `startedAt` of the last item of the previous page). */
  startedBefore?: string;
  limit: number;
  /** List ERP pulls too (only admins may read them: src/jobs/jobAccess.ts). Default false. */
  includeErpPulls?: boolean;
}

export interface JobListItem {
  id: string;
  type: string;
  kind: string | null;
  operation: string | null;
  phase: string | null;
  executionStatus: string;
  shopIds: number[];
  userId: string | null;
  startedAt: string;
  closedAt: string | null;
  progress: JobProgress | null;
  /** import jobs: rows done and counts per outcome (as of the last finished chunk) */
  importProgress?: ProductImportProgress;
  /** ERP pulls: the source pulled (live counters: GET /jobs/{id}, pullProgress) */
  erpSourceId?: number;
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The visibility query for a filter (custom search attributes; see src/temporal/searchAttributes.ts). */
export function visibilityQuery(f: JobListFilter): string {
  const types = ['productSyncWorkflow', 'bulkOperationWorkflow', PRODUCT_IMPORT_WORKFLOW_TYPE, MASS_EDIT_WORKFLOW_TYPE];
  if (f.type === 'erp-pull') types.splice(0, types.length, ...(f.includeErpPulls ? [ERP_PULL_WORKFLOW_TYPE] : []));
  else if (f.includeErpPulls && !f.type) types.push(ERP_PULL_WORKFLOW_TYPE);
  // A pull continues as new between pages: only the latest run of each pull is listed (the others are ContinuedAsNew).
  const parts = [types.length ? `WorkflowType IN (${types.map(quote).join(', ')})` : `WorkflowType = ''`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (f.type && f.type !== 'erp-pull') parts.push(`${SA_JOB_KIND.name} = ${quote(f.type)}`);
  if (f.operation) parts.push(`${SA_OPERATION.name} = ${quote(f.operation)}`);
  if (f.userId) parts.push(`${SA_USER_ID.name} = ${quote(f.userId)}`);
  if (f.shopId !== undefined) parts.push(`${SA_SHOP_IDS.name} = ${quote(String(f.shopId))}`);
  if (f.startedAfter) parts.push(`StartTime >= ${quote(new Date(f.startedAfter).toISOString())}`);
  if (f.startedBefore) parts.push(`StartTime < ${quote(new Date(f.startedBefore).toISOString())}`);
  switch (f.status) {
    case 'running':
      // Jobs that never set a phase (ERP pulls) are running while they run: a missing attribute is not "!= x".
      parts.push(`ExecutionStatus = 'Running'`, `(${SA_JOB_PHASE.name} IS NULL OR (${SA_JOB_PHASE.name} != 'paused' AND ${SA_JOB_PHASE.name} != 'awaiting_confirmation'))`);
      break;
    case 'paused':
    case 'awaiting_confirmation':
      parts.push(`ExecutionStatus = 'Running'`, `${SA_JOB_PHASE.name} = ${quote(f.status)}`);
      break;
    case 'completed':
      parts.push(`ExecutionStatus = 'Completed'`);
      break;
    case 'failed':
      parts.push(`ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`);
      break;
    case 'cancelled':
      parts.push(`ExecutionStatus = 'Canceled'`);
      break;
  }
  // SQL visibility cannot ORDER BY; it returns the newest executions first.
  return parts.join(' AND ');
}

function toItem(w: WorkflowExecutionInfo): JobListItem {
  const sa = w.typedSearchAttributes;
  const pull = w.type === ERP_PULL_WORKFLOW_TYPE;
  const pulledSource = pull ? Number(/^erp-pull:(\d+)$/.exec(w.workflowId)?.[1]) : NaN;
  return {
    id: w.workflowId,
    type: w.type,
    kind: sa.get(SA_JOB_KIND) ?? (pull ? 'erp-pull' : null),
    operation: sa.get(SA_OPERATION) ?? null,
    phase: sa.get(SA_JOB_PHASE) ?? null,
    executionStatus: w.status.name,
    shopIds: (sa.get(SA_SHOP_IDS) ?? []).map(Number),
    userId: sa.get(SA_USER_ID) ?? null,
    startedAt: w.startTime.toISOString(),
    closedAt: w.closeTime ? w.closeTime.toISOString() : null,
    progress: (w.memo?.progress as JobProgress | undefined) ?? null,
    ...(w.memo?.importProgress ? { importProgress: w.memo.importProgress as ProductImportProgress } : {}),
    ...(Number.isInteger(pulledSource) ? { erpSourceId: pulledSource } : {}),
  };
}

/** Jobs through Temporal visibility, newest first; page on with `startedBefore` = last item's startedAt. */
export async function listJobs(client: Client, f: JobListFilter): Promise<JobListItem[]> {
  const out: JobListItem[] = [];
  for await (const w of client.workflow.list({ query: visibilityQuery(f), pageSize: Math.min(f.limit, 100) })) {
    out.push(toItem(w));
    if (out.length >= f.limit) break;
  }
  return out;
}

/** Ids of the jobs that target a shop and have not closed (running, paused or awaiting confirmation). */
export async function openJobIdsForShop(client: Client, shopId: number, limit = 20): Promise<string[]> {
  const query = [
    `WorkflowType IN ('productSyncWorkflow', 'bulkOperationWorkflow')`,
    `ExecutionStatus = 'Running'`,
    `${SA_SHOP_IDS.name} = ${quote(String(shopId))}`,
  ].join(' AND ');
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query, pageSize: limit })) {
    ids.push(w.workflowId);
    if (ids.length >= limit) break;
  }
  return ids;
}
