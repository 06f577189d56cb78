import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ChangeActor } from '../catalog/changeActor';
import { MASS_EDIT_EXECUTION_TIMEOUT, MASS_EDIT_WORKFLOW_TYPE, type MassEditJobInput, type MassEditPush, massEditJobId } from '../../workflows/massEditIds';
import type { StarterDeps } from './jobStarter';
import { jobSearchAttributes } from './jobSearchAttributes';

/** The preview is already being applied by a job (a second confirm of it). */
export class MassEditRunningError extends Error {
  constructor(readonly jobId: string) {
    super(`this preview is already confirmed and applied by job ${jobId}`);
    this.name = 'MassEditRunningError';
  }
}

/** Starts the job that applies a (large) confirmed mass edit preview, then pushes if asked; one job per preview. */
export async function startMassEditJob(
  deps: StarterDeps,
  req: { previewId: number; selected: number; principal: string; actor: ChangeActor; userId: string; push: MassEditPush | null },
): Promise<{ jobId: string }> {
  const jobId = massEditJobId(req.previewId);
  const input: MassEditJobInput = { previewId: req.previewId, principal: req.principal, actor: req.actor, userId: req.userId, push: req.push };
  try {
    await deps.temporal.workflow.start(MASS_EDIT_WORKFLOW_TYPE, {
      taskQueue: deps.taskQueue,
      workflowId: jobId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: jobSearchAttributes({ kind: 'mass-edit', operation: 'mass-edit', phase: 'running', userId: req.userId, shopIds: req.push?.shopIds ?? [] }),
      workflowExecutionTimeout: MASS_EDIT_EXECUTION_TIMEOUT,
      staticSummary: `mass edit ${req.previewId}, ${req.selected.toLocaleString('en-US')} products${req.push ? `, then bulk ${req.push.operation} to shops ${req.push.shopIds.join(',') || '(none)'}` : ''}`,
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) throw new MassEditRunningError(jobId);
    throw e;
  }
  return { jobId };
}
