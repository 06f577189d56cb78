/** Stable names and shapes of the product import job (dependency-free: imported by the API side too). */
export const PRODUCT_IMPORT_WORKFLOW_TYPE = 'productImportWorkflow';
export const PRODUCT_IMPORT_PROGRESS_QUERY = 'productImportProgress';
/** A large file takes minutes; no import runs forever. */
export const PRODUCT_IMPORT_EXECUTION_TIMEOUT = '6 hours' as const;

/** The workflow's input: never the file (its rows are in product_import_rows under the job id). */
export interface ProductImportInput {
  /** Rows imported per activity (each heartbeats as it goes). */
  chunkRows: number;
}

/** What GET /jobs/{id} shows of an import job (`importProgress`), live and once done (also its result). */
export interface ProductImportProgress {
  phase: 'running' | 'completed';
  dryRun: boolean;
  /** rows in the file */
  rows: number;
  /** rows imported (checked, and written unless a dry run) so far */
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  error: number;
}
