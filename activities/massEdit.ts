import { ApplicationFailure } from '@temporalio/common';
import { CatalogError } from '../src/catalog/catalogError';
import type { ChangeActor } from '../src/catalog/changeActor';
import { MassEdit } from '../src/catalog/massEdit/massEdit';
import { JobSelection } from '../src/shopPush/jobSelection';
import type { ActivityDeps } from './deps';

/** Mass edit jobs: a thin adapter over src/catalog/massEdit. */
export function createMassEditActivities({ sequelize }: ActivityDeps) {
  const massEdit = new MassEdit(sequelize);
  const selection = new JobSelection(sequelize);
  return {
    /**
     * Applies a preview (one transaction). With `selectionForJob`, the changed products are stored in the same
     * transaction as that push job's selection. A rule refusal (changed since the preview, applied, expired) fails
     * the job with its code, not retried.
     */
    async applyMassEdit(req: { previewId: number; principal: string; actor: ChangeActor; selectionForJob: string | null }): Promise<{ applied: number; unchanged: number }> {
      try {
        const r = await massEdit.confirmById(req.previewId, req.principal, req.actor, async (ids, t) => {
          if (req.selectionForJob && ids.length) await selection.storeIds(req.selectionForJob, ids, t);
        });
        return { applied: r.applied, unchanged: r.unchanged };
      } catch (e) {
        if (e instanceof CatalogError) throw ApplicationFailure.nonRetryable(e.message, e.code, e.details);
        throw e;
      }
    },
  };
}
