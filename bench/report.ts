import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Row = [string, string | number];

/** Prints a two-column table and writes bench/results/<scenario>-<timestamp>.json (machine, parameters, figures). */
export function report(scenario: string, params: Record<string, unknown>, figures: Record<string, unknown>, rows: Row[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n== ${scenario}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, load1: os.loadavg()[0] };
  fs.writeFileSync(file, JSON.stringify({ scenario, at: new Date().toISOString(), machine, params, figures }, null, 2));
  console.log(`  → ${path.relative(process.cwd(), file)}`);
  return file;
}

export const secs = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
