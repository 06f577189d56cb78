import { randomBytes } from 'node:crypto';
import { type Client, type ScheduleDescription, type ScheduleHandle, ScheduleOverlapPolicy, type ScheduleSpec } from '@temporalio/client';
import type { ErpPullInput } from '../../workflows/erpPull';
import { ERP_PULL_EXECUTION_TIMEOUT, ERP_PULL_SCHEDULED_WORKFLOW_TYPE } from '../../workflows/erpPullIds';

/**
 * ERP pulls on a timetable, as Temporal Schedules (visible and controllable in the Temporal UI too).
 * Each schedule starts `erpPullScheduledWorkflow`, which runs the pull as `erp-pull:<sourceId>`, so
 * scheduled and hand-started pulls of one source never overlap. Policies: overlap SKIP (a run due while the
 * previous one still runs is dropped) and a short catch-up window (after an outage, only runs missed within
 * the window are made up, never a storm of them).
 *
 * The spec as the user wrote it (cron text or interval) is kept in the action's memo, because the server
 * turns cron expressions into calendar specs and describe() cannot give the original back.
 */

export const ERP_PULL_SCHEDULE_KIND = 'erp-pull';
export const DEFAULT_CATCHUP_WINDOW_SECONDS = 600;

export interface ErpPullScheduleSpec {
  /** A cron expression (5 fields, or @hourly / @daily ...); exactly one of cron and intervalSeconds. */
  cron?: string | null;
  intervalSeconds?: number | null;
  /** IANA time zone for cron (default UTC). */
  timezone?: string | null;
}

export interface CreateErpPullSchedule extends ErpPullScheduleSpec {
  sourceId: number;
  sourceName: string;
  /** Part of the schedule id (`erp-pull-<sourceId>-<name>`); random when omitted. */
  name?: string;
  catchupWindowSeconds?: number;
  pageSize?: number;
  syncChangedToShops?: boolean;
  paused?: boolean;
  note?: string;
}

export interface UpdateErpPullSchedule extends ErpPullScheduleSpec {
  catchupWindowSeconds?: number;
  pageSize?: number | null;
  syncChangedToShops?: boolean;
}

export interface ErpPullScheduleView {
  id: string;
  sourceId: number;
  sourceName: string | null;
  cron: string | null;
  intervalSeconds: number | null;
  timezone: string | null;
  overlap: string;
  catchupWindowSeconds: number;
  paused: boolean;
  note: string | null;
  pageSize: number | null;
  syncChangedToShops: boolean;
  nextRuns: string[];
  recentRuns: { scheduledAt: string; startedAt: string; workflowId: string; runId: string }[];
  runningWorkflowIds: string[];
  actionsTaken: number;
  skippedOverlap: number;
  createdAt: string;
  updatedAt: string | null;
}

interface ActionMemo {
  ppmKind: typeof ERP_PULL_SCHEDULE_KIND;
  sourceId: number;
  sourceName: string;
  cron: string | null;
  intervalSeconds: number | null;
  timezone: string | null;
}

export function erpPullScheduleId(sourceId: number, name?: string): string {
  return `erp-pull-${sourceId}-${name ?? randomBytes(4).toString('hex')}`;
}

function toTemporalSpec(spec: ErpPullScheduleSpec): ScheduleSpec {
  if (spec.cron) return { cronExpressions: [spec.cron], timezone: spec.timezone ?? undefined };
  return { intervals: [{ every: `${Number(spec.intervalSeconds)}s` }] };
}

function pullArgs(sourceId: number, pageSize: number | null | undefined, syncChangedToShops: boolean | undefined): [ErpPullInput] {
  return [{ sourceId, ...(pageSize ? { pageSize } : {}), syncChangedToShops: !!syncChangedToShops }];
}

function view(d: ScheduleDescription): ErpPullScheduleView {
  const action = d.action as Extract<ScheduleDescription['action'], { type: 'startWorkflow' }>;
  const memo = (action.memo ?? {}) as Partial<ActionMemo>;
  const args = (action.args?.[0] ?? {}) as Partial<ErpPullInput>;
  const scheduleMemo = (d.memo ?? {}) as { sourceId?: number };
  return {
    id: d.scheduleId,
    sourceId: Number(scheduleMemo.sourceId ?? memo.sourceId ?? args.sourceId),
    sourceName: memo.sourceName ?? null,
    cron: memo.cron ?? null,
    intervalSeconds: memo.intervalSeconds ?? (d.spec.intervals?.[0] ? Math.round(Number(d.spec.intervals[0].every) / 1000) : null),
    timezone: memo.timezone ?? null,
    overlap: String(d.policies.overlap),
    catchupWindowSeconds: Math.round(d.policies.catchupWindow / 1000),
    paused: d.state.paused,
    note: d.state.note || null,
    pageSize: args.pageSize ?? null,
    syncChangedToShops: !!args.syncChangedToShops,
    nextRuns: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      startedAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
      runId: a.action.workflow.firstExecutionRunId,
    })),
    runningWorkflowIds: d.info.runningActions.map((a) => a.workflow.workflowId),
    actionsTaken: d.info.numActionsTaken,
    skippedOverlap: d.info.numActionsSkippedOverlap,
    createdAt: d.info.createdAt.toISOString(),
    updatedAt: d.info.lastUpdatedAt ? d.info.lastUpdatedAt.toISOString() : null,
  };
}

/** Create, read, change and control ERP pull schedules. Throws the Temporal client's errors unchanged. */
export class ErpPullSchedules {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  private handle(id: string): ScheduleHandle {
    return this.client.schedule.getHandle(id);
  }

  async create(input: CreateErpPullSchedule): Promise<ErpPullScheduleView> {
    const scheduleId = erpPullScheduleId(input.sourceId, input.name);
    const memo: ActionMemo = {
      ppmKind: ERP_PULL_SCHEDULE_KIND,
      sourceId: input.sourceId,
      sourceName: input.sourceName,
      cron: input.cron ?? null,
      intervalSeconds: input.cron ? null : (input.intervalSeconds ?? null),
      timezone: input.cron ? (input.timezone ?? null) : null,
    };
    const handle = await this.client.schedule.create({
      scheduleId,
      spec: toTemporalSpec(input),
      action: {
        type: 'startWorkflow',
        workflowType: ERP_PULL_SCHEDULED_WORKFLOW_TYPE,
        workflowId: `erp-pull-scheduled:${input.sourceId}`,
        taskQueue: this.taskQueue,
        workflowExecutionTimeout: ERP_PULL_EXECUTION_TIMEOUT,
        args: pullArgs(input.sourceId, input.pageSize, input.syncChangedToShops),
        memo: { ...memo },
        staticSummary: `Scheduled ERP pull of "${input.sourceName}" (source ${input.sourceId})`,
      },
      policies: {
        overlap: ScheduleOverlapPolicy.SKIP,
        catchupWindow: `${input.catchupWindowSeconds ?? DEFAULT_CATCHUP_WINDOW_SECONDS}s`,
        pauseOnFailure: false,
      },
      memo: { ppmKind: ERP_PULL_SCHEDULE_KIND, sourceId: input.sourceId },
      state: { paused: !!input.paused, note: input.note },
    });
    return view(await handle.describe());
  }

  async get(id: string): Promise<ErpPullScheduleView | null> {
    const d = await this.describe(id);
    return d ? view(d) : null;
  }

  /** Null when there is no such schedule, or it is not an ERP pull schedule. */
  private async describe(id: string): Promise<ScheduleDescription | null> {
    try {
      const d = await this.handle(id).describe();
      return (d.memo as { ppmKind?: string } | undefined)?.ppmKind === ERP_PULL_SCHEDULE_KIND ? d : null;
    } catch (e) {
      if ((e as Error).name === 'ScheduleNotFoundError') return null;
      throw e;
    }
  }

  /** Every ERP pull schedule (optionally of one source). Listing goes through visibility, so it can lag a create. */
  async list(filter: { sourceId?: number } = {}): Promise<ErpPullScheduleView[]> {
    const out: ErpPullScheduleView[] = [];
    for await (const s of this.client.schedule.list()) {
      const memo = (s.memo ?? {}) as { ppmKind?: string; sourceId?: number };
      if (memo.ppmKind !== ERP_PULL_SCHEDULE_KIND) continue;
      if (filter.sourceId !== undefined && memo.sourceId !== filter.sourceId) continue;
      const d = await this.describe(s.scheduleId);
      if (d) out.push(view(d));
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  async update(id: string, patch: UpdateErpPullSchedule): Promise<ErpPullScheduleView | null> {
    const current = await this.describe(id);
    if (!current) return null;
    await this.handle(id).update((prev) => {
      const action = prev.action as Extract<ScheduleDescription['action'], { type: 'startWorkflow' }>;
      const memo = { ...(action.memo as unknown as ActionMemo) };
      const args = { ...((action.args?.[0] ?? {}) as ErpPullInput) };
      let spec = prev.spec as ScheduleSpec;
      if (patch.cron || patch.intervalSeconds) {
        memo.cron = patch.cron ?? null;
        memo.intervalSeconds = patch.cron ? null : (patch.intervalSeconds ?? null);
        memo.timezone = patch.cron ? (patch.timezone ?? null) : null;
        spec = toTemporalSpec(patch);
      } else if (patch.timezone !== undefined && memo.cron) {
        memo.timezone = patch.timezone;
        spec = toTemporalSpec({ cron: memo.cron, timezone: patch.timezone });
      }
      return {
        ...prev,
        spec,
        action: {
          ...action,
          args: pullArgs(args.sourceId, patch.pageSize !== undefined ? patch.pageSize : args.pageSize, patch.syncChangedToShops ?? args.syncChangedToShops),
          memo,
        },
        policies: {
          ...prev.policies,
          overlap: ScheduleOverlapPolicy.SKIP,
          catchupWindow: patch.catchupWindowSeconds !== undefined ? `${patch.catchupWindowSeconds}s` : prev.policies.catchupWindow,
        },
      };
    });
    return this.get(id);
  }

  async remove(id: string): Promise<boolean> {
    if (!(await this.describe(id))) return false;
    await this.handle(id).delete();
    return true;
  }

  /** Starts a run now (still under overlap SKIP: a run already in progress makes this a no-op). */
  async trigger(id: string): Promise<boolean> {
    if (!(await this.describe(id))) return false;
    await this.handle(id).trigger(ScheduleOverlapPolicy.SKIP);
    return true;
  }

  async setPaused(id: string, paused: boolean, note?: string): Promise<ErpPullScheduleView | null> {
    if (!(await this.describe(id))) return null;
    if (paused) await this.handle(id).pause(note ?? 'paused through the API');
    else await this.handle(id).unpause(note ?? 'unpaused through the API');
    return this.get(id);
  }
}
