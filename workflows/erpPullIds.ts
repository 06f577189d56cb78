/** Stable names of the ERP pull workflows, their ids and mode types (dependency-free: imported by clients too). */
export const ERP_PULL_WORKFLOW_TYPE = 'erpPullWorkflow';
export const ERP_PULL_SCHEDULED_WORKFLOW_TYPE = 'erpPullScheduledWorkflow';
export const ERP_PULL_PROGRESS_QUERY = 'erpPullProgress';
/** No ERP pull runs forever (a full pull of a large catalogue takes minutes to hours). */
export const ERP_PULL_EXECUTION_TIMEOUT = '24 hours' as const;

/** The one workflow id of a source's pull: a second start while one runs gets the running one. */
export const erpPullWorkflowId = (sourceId: number): string => `erp-pull:${sourceId}`;

/** What a caller asks for. 'auto': incremental while a changes cursor is stored and the last full pull is recent. */
export type ErpPullRequestedMode = 'auto' | 'full' | 'incremental';
/** What actually ran. 'resumed': started from a cursor the caller gave (neither full nor incremental). */
export type ErpPullRanMode = 'full' | 'incremental' | 'resumed';
