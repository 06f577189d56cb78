import path from 'node:path';
import { PROJECT_ROOT } from '../projectRoot';

/** Entry point of the workflow bundle (every workflow is exported from workflows/index.ts). */
export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows', 'index.ts');
