#!/usr/bin/env node
// The `ppm` CLI. Runs the TypeScript sources directly through tsx (no build step needed in a checkout).
require('tsx/cjs');
require('../src/cli/main.ts');
