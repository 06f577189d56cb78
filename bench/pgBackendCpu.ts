import fs from 'node:fs';
import { QueryTypes, type Sequelize } from 'sequelize';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const TICKS = 100;

/**
 * CPU seconds used so far by the PostgreSQL backends serving the bench database, by pid (read from /proc, so only
 * when PostgreSQL runs on this machine; empty otherwise). Two snapshots bracket a scenario: the difference is
 * what the database did for it (backends that ended in between are not counted).
 */
export async function pgBackendCpu(sequelize: Sequelize): Promise<Map<number, number>> {
  const rows = await sequelize.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`, { type: QueryTypes.SELECT });
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch {
      // not local, or the backend has just ended
    }
  }
  return out;
}

/** CPU seconds the backends used between two snapshots (a backend first seen in `after` counts from zero). */
export function pgCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, t] of after) s += t - (before.get(pid) ?? 0);
  return Math.round(s * 10) / 10;
}
