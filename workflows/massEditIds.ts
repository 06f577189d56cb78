import type { ChangeActor } from '../src/catalog/changeActor';
import type { BulkOperation } from './syncTypes';

/** Stable names and shapes of the mass edit job (dependency-free: imported by the API side too). */
export const MASS_EDIT_WORKFLOW_TYPE = 'massEditWorkflow';
export const MASS_EDIT_EXECUTION_TIMEOUT = '1 hour' as const;

/** One job per preview: a second confirm of the same preview finds the running (or finished) one. */
export const massEditJobId = (previewId: number): string => `mass-edit:${previewId}`;

/** A push of the changed products to shops after the edit (a bulk job of its own). */
export interface MassEditPush {
  operation: Extract<BulkOperation, 'create' | 'update'>;
  /** checked by the API (active shops); every active shop when none were named */
  shopIds: number[];
}

/** The job's input: the preview by id (never its confirm token). */
export interface MassEditJobInput {
  previewId: number;
  principal: string;
  actor: ChangeActor;
  /** PpmUserId of who confirmed (the push job is theirs) */
  userId: string;
  push: MassEditPush | null;
}

export interface MassEditJobResult {
  applied: number;
  unchanged: number;
  /** the bulk push job of the changed products, when asked for and anything changed */
  pushJobId: string | null;
}
