import { Runtime } from '@temporalio/worker';
import { WinstonTemporalLogger } from './runtimeLogger';

let installed = false;

export interface TemporalRuntimeOptions {
  /**
   * Port on 127.0.0.1 for the SDK's Prometheus exporter (worker task slots, schedule-to-start latency, task
   * failures, ...): Prometheus conventions (`_total` counters, `_seconds` durations). Unset: SDK metrics off.
   */
  metricsPort?: number;
}

/**
 * Installs the process's Temporal runtime: the SDK's logger (worker, workflow `log`, activity `log`, forwarded
 * core logs) goes into our winston logger, and optionally its metrics to a Prometheus exporter. Must run before
 * the first Worker or NativeConnection of the process; later calls are no-ops (one runtime per process).
 */
export function installTemporalRuntime(opts: TemporalRuntimeOptions = {}): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new WinstonTemporalLogger(),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(opts.metricsPort
        ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${opts.metricsPort}`, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } } }
        : {}),
    },
  });
}
