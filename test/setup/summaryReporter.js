/** Prints one plain closing line, `tests: N passed, N failed, N skipped`, as the very last output of the run. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped\n`;
    // writeSync: the line must reach a pipe even when jest ends the process itself (forceExit).
    process.once('exit', () => require('node:fs').writeSync(1, `\n${line}`));
  }
}
module.exports = SummaryReporter;
