/** Every workflow type the worker serves. Workflow code is deterministic and imports activities as types only. */
export { catalogStatsWorkflow } from './catalogStats';
export { erpPullWorkflow } from './erpPull';
export { erpPullScheduledWorkflow } from './erpPullScheduled';
export { productSyncWorkflow } from './productSync';
export { bulkOperationWorkflow } from './bulkOperation';
export { productImportWorkflow } from './productImport';
export { massEditWorkflow } from './massEdit';
