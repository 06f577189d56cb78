import { setHandler } from '@temporalio/workflow';
import { setPaused } from './jobProgress';
import { confirmUpdate, discardUpdate, pauseUpdate, progressQuery, resumeUpdate } from './messages';
import type { JobProgress } from './syncTypes';

export interface JobControls {
  /** Set by the confirm/discard updates of a preview job. */
  readonly decision: 'confirm' | 'discard' | null;
}

function assertAwaiting(p: JobProgress): void {
  if (p.phase !== 'awaiting_confirmation') throw new Error(`job is ${p.phase}, not awaiting confirmation`);
}

/**
 * The messages every sync job answers: the progress query, pause/resume, and confirm/discard of a previewed
 * plan (accepted only while the job awaits confirmation). `onPauseChange` lets a workflow wake its waits.
 */
export function registerJobHandlers(progress: JobProgress, onPauseChange: () => void = () => undefined): JobControls {
  const controls: { decision: JobControls['decision'] } = { decision: null };
  setHandler(progressQuery, () => progress);
  setHandler(pauseUpdate, () => {
    setPaused(progress, true);
    onPauseChange();
    return progress;
  });
  setHandler(resumeUpdate, () => {
    setPaused(progress, false);
    onPauseChange();
    return progress;
  });
  setHandler(
    confirmUpdate,
    () => {
      controls.decision = 'confirm';
      return progress.plan!;
    },
    { validator: () => assertAwaiting(progress) },
  );
  setHandler(
    discardUpdate,
    () => {
      controls.decision = 'discard';
      return progress;
    },
    { validator: () => assertAwaiting(progress) },
  );
  return controls;
}
