import type { QueryInterface } from 'sequelize';

/**
 * Reports (issue #13), GET /reports/erp-sources: one row per ERP pull (`erp_pull_runs`, keyed by the pull's id: the
 * first workflow run id, kept across continue-as-new). Written by the pull itself: opened by erpPullBegin, counters
 * set to absolute totals as each page is checkpointed (a retried activity writes the same numbers again), closed by
 * erpPullFinish (success) or erpPullRecordFailure (failed / cancelled, with the error). A run a terminated or timed-out
 * workflow left `running` is marked `abandoned` when the source's next pull begins (one pull per source at a time).
 * Per source the report reads the last run and the runs of the last 7 days through `erp_pull_runs_source`; the
 * retention sweep deletes runs older than JOB_RETENTION_DAYS (≥ 8) through `erp_pull_runs_started`.
 */
export const name = '0022-erp-pull-runs';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE erp_pull_runs (
      pull_id       VARCHAR(64) PRIMARY KEY,
      source_id     INTEGER NOT NULL REFERENCES erp_sources(id) ON DELETE CASCADE,
      workflow_id   VARCHAR(128),
      mode          VARCHAR(16) CHECK (mode IN ('full', 'incremental', 'resumed')),
      outcome       VARCHAR(16) NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'success', 'failed', 'cancelled', 'abandoned')),
      started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      finished_at   TIMESTAMPTZ,
      pages         INTEGER NOT NULL DEFAULT 0,
      fetched       INTEGER NOT NULL DEFAULT 0,
      inserted      INTEGER NOT NULL DEFAULT 0,
      updated       INTEGER NOT NULL DEFAULT 0,
      unchanged     INTEGER NOT NULL DEFAULT 0,
      deactivated   INTEGER NOT NULL DEFAULT 0,
      reactivated   INTEGER NOT NULL DEFAULT 0,
      conflicts     INTEGER NOT NULL DEFAULT 0,
      vanished_deactivated INTEGER NOT NULL DEFAULT 0,
      pictures_failed INTEGER NOT NULL DEFAULT 0,
      error_code    VARCHAR(32),
      error_message VARCHAR(1000)
    );
    CREATE INDEX erp_pull_runs_source ON erp_pull_runs (source_id, started_at DESC);
    CREATE INDEX erp_pull_runs_started ON erp_pull_runs (started_at);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`DROP TABLE IF EXISTS erp_pull_runs`);
}
