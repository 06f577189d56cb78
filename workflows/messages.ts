import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { JobProgress, PlanSummary } from './syncTypes';

/**
 * Messages of the sync jobs, defined once and used by the workflows (handlers) and the API (callers).
 * Progress is a query (cheap, no history fetch); control is by update so callers get an answer.
 */
export const progressQuery = defineQuery<JobProgress>('progress');
export const pauseUpdate = defineUpdate<JobProgress>('pause');
export const resumeUpdate = defineUpdate<JobProgress>('resume');
/** Preview jobs: apply exactly the stored plan. Rejected unless the job awaits confirmation. */
export const confirmUpdate = defineUpdate<PlanSummary>('confirm');
/** Preview jobs: drop the plan; the job completes as discarded. */
export const discardUpdate = defineUpdate<JobProgress>('discard');
