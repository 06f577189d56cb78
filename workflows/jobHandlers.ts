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
export function registerJobHandlers(progress: JobProgress, maxPauseMs: number, onPauseChange: () => void = () => undefined): JobControls {
  const controls: { decision: JobControls['decision'] } = { decision: null };
  setHandler(progressQuery, () => progress);
  setHandler(pauseUpdate, () => {
    if (!progress.paused) progress.autoResumeAt = new Date(Date.now() + maxPauseMs).toISOString();
    setPaused(progress, true);
    onPauseChange();
    return progress;
  });
  setHandler(resumeUpdate, () => {
    progress.autoResumeAt = null;
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

/** Default longest pause of a sync job (a paused job must not hold its product or shops indefinitely). */
export const DEFAULT_MAX_PAUSE_MS = 60 * 60 * 1000;

/** Milliseconds until a paused job resumes by itself (at least 1). */
export function pauseRemainingMs(progress: JobProgress): number {
  return Math.max(1, Date.parse(progress.autoResumeAt ?? '') - Date.now() || 1);
}

/** Ends a pause that reached its bound. */
export function autoResume(progress: JobProgress): void {
  progress.autoResumeAt = null;
  setPaused(progress, false);
  progress.message = 'resumed automatically: the pause reached its maximum length';
}
