// Source maps for PPM's own TypeScript only. tsx turns Node's source maps on (process.setSourceMapsEnabled(true)) so
// that stack traces name lines of our .ts files; Node then also reads, parses and keeps for good the source map of
// every dependency that ships one (@temporalio/*, rxjs, sequelize, ...): 15 MB of a worker's heap (live heap after
// start 48 -> 40 MB, RSS 217 -> 202 MB), only to map stack frames inside libraries. Node decides when it compiles a
// file, so maps stay on except while a file under node_modules is compiled; its frames then show its own JavaScript
// lines, as they do without tsx. Load right after tsx/cjs (bin/ppm.js, bench/stack.ts).
const Module = require('node:module');
const path = require('node:path');

// Our project's own node_modules (PPM itself may sit under a node_modules folder when installed as a package).
const dependencies = path.join(__dirname, '..', 'node_modules') + path.sep;
const compile = Module.prototype._compile;
Module.prototype._compile = function compileWithoutDependencyMaps(content, filename, ...rest) {
  if (!process.sourceMapsEnabled || typeof filename !== 'string' || !filename.startsWith(dependencies)) return compile.call(this, content, filename, ...rest);
  process.setSourceMapsEnabled(false);
  try {
    return compile.call(this, content, filename, ...rest);
  } finally {
    process.setSourceMapsEnabled(true);
  }
};
