import { z } from '@hono/zod-openapi';

const Rows = z
  .object({
    read: z.number().int().openapi({ description: 'products read from the ERP' }),
    changed: z.number().int().openapi({ description: 'products inserted, updated or deactivated (vanished from the ERP)' }),
    unchanged: z.number().int().openapi({ description: 'read and found unchanged (content hash): not written' }),
    failed: z.number().int().openapi({ description: 'not written: the SKU belongs to another ERP source, or a concurrent insert took it' }),
    picturesFailed: z.number().int().openapi({ description: 'pictures the ERP could not hand out (skipped, the product was written)' }),
  })
  .openapi('ErpPullRows');

const Outcome = z.enum(['running', 'success', 'failed', 'cancelled', 'abandoned']).openapi({
  description: 'abandoned: the workflow was terminated or timed out without closing its run (noticed when the next pull begins)',
});
const Mode = z.enum(['full', 'incremental', 'resumed']).nullable().openapi({ description: 'null: the pull failed before its mode was decided' });
const PullError = z.object({ code: z.string().openapi({ description: 'VALIDATION, AUTHENTICATION, NETWORK, TIMEOUT, ABANDONED, UNKNOWN, ...' }), message: z.string() });

const Window = z.object({
  pulls: z.number().int().openapi({ description: 'pulls started in the window (running ones included)' }),
  failedPulls: z.number().int().openapi({ description: 'of which failed or abandoned' }),
  rows: Rows,
});

/** GET /api/v1/reports/erp-sources: each ERP source's last pull and its pulls over 24 h and 7 days (table erp_pull_runs). */
export const ErpSourceReportSchema = z
  .object({
    generatedAt: z.string(),
    sources: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        kind: z.string(),
        active: z.boolean(),
        lastPull: z
          .object({
            pullId: z.string(),
            startedAt: z.string(),
            finishedAt: z.string().nullable(),
            mode: Mode,
            outcome: Outcome,
            rows: Rows,
            error: PullError.nullable(),
          })
          .nullable()
          .openapi({ description: 'null: no pull recorded (within the retention, JOB_RETENTION_DAYS)' }),
        last24h: Window,
        last7d: Window,
        failures: z
          .array(z.object({ pullId: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), mode: Mode, error: PullError }))
          .openapi({ description: 'failed or abandoned pulls of the last 7 days, newest first (at most 20)' }),
      }),
    ),
  })
  .openapi('ErpSourceReport');

export type ErpSourceReport = z.infer<typeof ErpSourceReportSchema>;
