import { z } from '@hono/zod-openapi';

const ErrorCounts = z.array(z.object({ code: z.string(), count: z.number().int() }));

/** The ops view of GET /api/v1/reports/health: where syncs stand, what fails, what hangs. */
export const HealthReportSchema = z
  .object({
    generatedAt: z.string(),
    windowHours: z.number().int().openapi({ description: 'error counts cover this many hours' }),
    stuckMinutes: z.number().int().openapi({ description: 'a running job without progress for this long is stuck' }),
    shops: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        active: z.boolean(),
        lastSuccessfulSyncAt: z.string().nullable().openapi({ description: 'last product pushed or found unchanged' }),
        errors: ErrorCounts.openapi({ description: 'failed items in the window by error code (VALIDATION, AUTHENTICATION, ...)' }),
      }),
    ),
    erpSources: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        kind: z.string(),
        active: z.boolean(),
        lastSuccessfulPullAt: z.string().nullable(),
        lastFullPullAt: z.string().nullable(),
        errors: ErrorCounts.openapi({ description: 'pull runs closed unsuccessfully in the window, by close status (FAILED, TIMED_OUT, TERMINATED, CANCELLED)' }),
      }),
    ),
    stuckJobs: z.array(
      z.object({ jobId: z.string(), type: z.string(), startedAt: z.string(), lastProgressAt: z.string().nullable(), minutesWithoutProgress: z.number().int() }),
    ),
    schedules: z.array(
      z.object({ id: z.string(), sourceId: z.number().int(), problem: z.enum(['paused', 'failing']), note: z.string().nullable(), lastRunStatus: z.string().nullable() }),
    ),
  })
  .openapi('HealthReport');

export type HealthReport = z.infer<typeof HealthReportSchema>;
