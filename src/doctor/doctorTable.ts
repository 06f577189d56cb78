import type { DoctorResult } from './doctorResult';

const MARK = { ok: 'ok', warn: 'WARN', down: 'DOWN' } as const;

/** A plain-text table (fits a terminal, greps well), then one "fix:" line per problem, then a summary line. */
export function renderDoctorTable(results: DoctorResult[]): string {
  const rows = results.map((r) => [MARK[r.status], r.area, r.name, r.detail]);
  const head = ['STATUS', 'AREA', 'CHECK', 'DETAIL'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const lines = [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  const problems = results.filter((r) => r.status !== 'ok');
  if (problems.length) {
    lines.push('', 'What to fix:');
    for (const p of problems) lines.push(`  - ${p.area} ${p.name}: ${p.fix ?? p.detail}`);
  }
  const down = results.filter((r) => r.status === 'down').length;
  const warn = results.filter((r) => r.status === 'warn').length;
  lines.push('', down ? `${down} problem(s), ${warn} warning(s)` : warn ? `all reachable, ${warn} warning(s)` : 'everything answers');
  return lines.join('\n');
}
