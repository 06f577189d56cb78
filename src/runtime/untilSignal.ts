/**
 * A second signal this soon after the first is the same Ctrl-C delivered twice (`npm run` forwards the
 * terminal's SIGINT to its child, which the terminal has already signalled): not a request to hurry.
 */
const DUPLICATE_WINDOW_MS = 1_000;

/** Resolves on the first SIGINT or SIGTERM; a second one (later than a duplicate delivery) forces exit. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      const first = Date.now();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      const force = (code: number) => () => {
        if (Date.now() - first >= DUPLICATE_WINDOW_MS) process.exit(code);
      };
      process.on('SIGINT', force(130));
      process.on('SIGTERM', force(143));
      resolve(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
