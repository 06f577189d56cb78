import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/stat (USER_HZ; 100 on Linux). */
const TICKS = 100;

/**
 * Busy CPU seconds of the whole machine so far (every process: worker, simulated shops, Temporal, PostgreSQL, the
 * bench), from /proc/stat; null where there is no /proc. Two readings bracket a scenario: their difference divided
 * by the core count is the CPU floor, the shortest wall the work could take on this machine whatever the latency.
 */
export function machineBusyCpuSeconds(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (user + nice + system + irq + softirq + steal) / TICKS;
  } catch {
    return null;
  }
}

export interface CpuFloor {
  busySeconds: number;
  cores: number;
  /** busySeconds ÷ cores, in ms. */
  floorMs: number;
}

/** The machine's busy CPU between a reading and now, and the wall it implies as a floor. */
export function cpuFloorSince(before: number | null): CpuFloor | null {
  const after = machineBusyCpuSeconds();
  if (before === null || after === null) return null;
  const cores = os.cpus().length;
  const busySeconds = Math.round((after - before) * 10) / 10;
  return { busySeconds, cores, floorMs: (busySeconds * 1000) / cores };
}
