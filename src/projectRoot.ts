import path from 'node:path';

/** The checkout's root folder (where package.json lives); `.data/` and `.tools/` are kept under it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');
