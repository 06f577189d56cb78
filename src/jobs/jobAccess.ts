import { type Role, ROLE_RANK } from '../auth/role';
import { ERP_PULL_SCHEDULED_WORKFLOW_TYPE, ERP_PULL_WORKFLOW_TYPE } from '../../workflows/erpPullIds';
import { PRODUCT_IMPORT_WORKFLOW_TYPE } from '../../workflows/productImportIds';
import { MASS_EDIT_WORKFLOW_TYPE } from '../../workflows/massEditIds';

/**
 * Which workflow types the jobs API serves, and who may read them. Anything else in the Temporal namespace
 * (another application's workflows, unknown types) does not exist for the API: 404.
 *
 * - product sync and bulk jobs ("sync jobs"): a `user` reads and controls only the jobs they started; managers
 *   and admins read and control every sync job. Two users never see each other's jobs (ids, failures, plans,
 *   exports).
 * - catalogue statistics, product imports and mass edits: managers and admins (they start them).
 * - ERP pulls (API or schedule): admins only (connector errors name hosts and settings).
 * Only sync jobs can be controlled (cancel, pause, resume, confirm, discard) through the API.
 */
export const SYNC_JOB_TYPES: ReadonlySet<string> = new Set(['productSyncWorkflow', 'bulkOperationWorkflow']);

const READ_ROLE: Readonly<Record<string, Role>> = {
  productSyncWorkflow: 'user',
  bulkOperationWorkflow: 'user',
  catalogStatsWorkflow: 'manager',
  [PRODUCT_IMPORT_WORKFLOW_TYPE]: 'manager',
  [MASS_EDIT_WORKFLOW_TYPE]: 'manager',
  [ERP_PULL_WORKFLOW_TYPE]: 'admin',
  [ERP_PULL_SCHEDULED_WORKFLOW_TYPE]: 'admin',
};

export interface JobReader {
  role: Role;
  /** The reader's job owner id (`user:<id>` / `svc:<id>`, as stored in PpmUserId). */
  ownerId: string;
}

/** True when `reader` may see a job of `type` started by `jobOwner` (PpmUserId, null when none). */
export function mayReadJob(reader: JobReader, type: string, jobOwner: string | null): boolean {
  const need = READ_ROLE[type];
  if (!need || ROLE_RANK[reader.role] < ROLE_RANK[need]) return false;
  if (SYNC_JOB_TYPES.has(type) && reader.role === 'user') return jobOwner === reader.ownerId;
  return true;
}

/** True when `reader` may cancel / pause / resume / confirm / discard the job (sync jobs only). */
export function mayControlJob(reader: JobReader, type: string, jobOwner: string | null): boolean {
  return SYNC_JOB_TYPES.has(type) && mayReadJob(reader, type, jobOwner);
}
