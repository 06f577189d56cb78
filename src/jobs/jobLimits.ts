import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { SA_USER_ID } from '../temporal/searchAttributes';
import type { ProductFilter } from '../catalog/productFilterContract';
import { countFilteredProducts } from '../catalog/productFilter';

export interface JobLimits {
  /** BULK_MAX_SELECTION */
  maxSelection: number;
  /** JOBS_MAX_RUNNING_PER_PRINCIPAL */
  maxRunningPerPrincipal: number;
}

/** A selection larger than BULK_MAX_SELECTION (422). */
export class SelectionTooLargeError extends Error {
  constructor(readonly size: number, readonly max: number) {
    super(`the selection has ${size} products; at most ${max} per job (BULK_MAX_SELECTION): narrow the filter or split the job`);
    this.name = 'SelectionTooLargeError';
  }
}

/** The principal already runs JOBS_MAX_RUNNING_PER_PRINCIPAL sync jobs (429). */
export class TooManyJobsError extends Error {
  constructor(readonly running: number, readonly max: number) {
    super(`${running} of your sync jobs are running; at most ${max} at once (JOBS_MAX_RUNNING_PER_PRINCIPAL): wait for one to finish or cancel one`);
    this.name = 'TooManyJobsError';
  }
}

/** Refuses a bulk selection over the cap (ids counted as given, a filter counted against the catalogue now). */
export async function assertSelectionWithinLimit(sequelize: Sequelize, limits: JobLimits, sel: { productIds?: number[]; filter?: ProductFilter }): Promise<void> {
  const size = sel.productIds ? sel.productIds.length : await countFilteredProducts(sequelize, sel.filter ?? {});
  if (size > limits.maxSelection) throw new SelectionTooLargeError(size, limits.maxSelection);
}

/** Refuses a new job when the principal (`user:<id>` / `svc:<id>`) already runs the maximum (Temporal visibility). */
export async function assertRunningJobsWithinLimit(temporal: Client, limits: JobLimits, principal: string): Promise<void> {
  const quoted = principal.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const { count } = await temporal.workflow.count(
    `WorkflowType IN ('productSyncWorkflow', 'bulkOperationWorkflow') AND ExecutionStatus = 'Running' AND ${SA_USER_ID.name} = '${quoted}'`,
  );
  if (count >= limits.maxRunningPerPrincipal) throw new TooManyJobsError(count, limits.maxRunningPerPrincipal);
}
