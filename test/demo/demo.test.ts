import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/freePort';

/**
 * `ppm demo` (what `npm run demo` runs) end to end at a small size: a child process with its own embedded
 * PostgreSQL, Temporal dev server, API, worker and simulators on free ports and a fresh DATA_DIR; then
 * Ctrl-C, and a second run on the same data that has nothing to push.
 */
const BIN = path.join(__dirname, '..', '..', 'bin', 'ppm.js');

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(env: NodeJS.ProcessEnv): DemoRun {
  const child = spawn(process.execPath, [BIN, 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function until(run: DemoRun, pattern: RegExp): Promise<void> {
  for (;;) {
    if (pattern.test(run.output())) return;
    const code = await Promise.race([run.exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 250))]);
    if (code !== 'wait') throw new Error(`the demo exited (${code}) before ${pattern}:\n${run.output()}`);
  }
}

async function stop(run: DemoRun): Promise<void> {
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect(run.output()).toContain('stopped: nothing left running.');
}

/** After a failed assertion: Ctrl-C (so PostgreSQL and Temporal stop too), and only if that hangs, SIGKILL. */
async function ensureStopped(run: DemoRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGINT');
  const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
  if (code === 'hung') run.child.kill('SIGKILL');
}

type SimCategory = { id: number; values: Record<string, string>; i18n: { name?: Record<string, string> } };

/** The shop's category tree from its simulator's state: "parent name › name" (default language) per category. */
async function categoryPaths(stateUrl: string): Promise<string[]> {
  const state = (await (await fetch(stateUrl)).json()) as { categories?: SimCategory[] };
  const rows = state.categories ?? [];
  const byId = new Map(rows.map((c) => [Number(c.id), c]));
  const name = (c: SimCategory | undefined) => c?.i18n.name?.['1'] ?? '';
  return rows.map((c) => `${name(byId.get(Number(c.values.id_parent)))} › ${name(c)}`).sort();
}

describe('npm run demo', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-demo-'));
  let env: NodeJS.ProcessEnv;
  const runs: DemoRun[] = [];
  afterAll(async () => {
    for (const run of runs) await ensureStopped(run);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const ports = await Promise.all(Array.from({ length: 7 }, () => freePort()));
    env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, DEMO_PRODUCTS: '40', PORT: String(ports[0]), TEMPORAL_DEV_PORT: String(ports[1]) };
    Object.assign(env, { TEMPORAL_DEV_UI_PORT: String(ports[2]), EMBEDDED_PG_PORT: String(ports[3]), DEMO_SHOP_PORTS: `${ports[4]},${ports[5]}`, DEMO_SUBIEKT_PORT: String(ports[6]) });
    delete env.DATABASE_URL; // the demo runs its own embedded PostgreSQL and Temporal dev server, as on a fresh clone
    delete env.TEMPORAL_ADDRESS;
  });

  it('registers, pulls and syncs to both shops, stops cleanly on Ctrl-C; a second run has nothing to push', async () => {
    const first = startDemo(env);
    runs.push(first);
    await until(first, /Demo ready in/);
    const out = first.output();
    expect(out).toMatch(/shop #\d+ Sklep Polska \(demo\) .* \(registered\)/);
    expect(out).toMatch(/ERP source #\d+ Subiekt GT \(demo\) \(registered\)/);
    expect(out).toMatch(/erp-pull-\d+-demo; next run/);
    const inserted = Number(/pages \d+ · fetched \d+ · inserted (\d+)/.exec(out)?.[1]);
    expect(inserted).toBeGreaterThan(30);
    expect(out).toContain(`Products × shops: created ${inserted * 2} · updated 0 · skipped 0 (unchanged 0, other 0) · failed 0`);
    expect(out).toMatch(/the bulk run +http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/bulk%3A/);
    expect(out).toMatch(/API docs +http:\/\/127\.0\.0\.1:\d+\/docs/);
    const token = /PPM_TOKEN=(\S+)/.exec(out)?.[1];
    const jobs = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/jobs`, { headers: { authorization: `Bearer ${token}` } });
    expect(jobs.status).toBe(200);
    // Two different category trees: the Polish shop keeps the catalogue under Home next to its own sections, the
    // German one under its own "Baumarkt" section (its rootCategoryId).
    const [plTree, deTree] = await Promise.all([...out.matchAll(/state: (http:\S+\/__sim\/state)/g)].map((m) => categoryPaths(m[1])));
    expect(plTree).toEqual(expect.arrayContaining(['Home › Wyprzedaż', 'Home › Nowości', 'Home › Subiekt GT (demo)']));
    expect(deTree).toEqual(expect.arrayContaining(['Home › Market budowlany', 'Market budowlany › Ogród', 'Market budowlany › Subiekt GT (demo)', 'Home › Dom i wnętrze']));
    expect(deTree).not.toContain('Home › Subiekt GT (demo)');
    expect(plTree).not.toEqual(deTree);
    await stop(first);

    const second = startDemo(env);
    runs.push(second);
    await until(second, /Demo ready in/);
    const again = second.output();
    expect(again).toMatch(/\(already registered\)/);
    expect(again).toMatch(/\(already there\)/);
    expect(again).toMatch(/unchanged \d+/);
    expect(again).toContain(`Products × shops: created 0 · updated 0 · skipped ${inserted * 2} (unchanged ${inserted * 2}, other 0) · failed 0`);
    expect(again).toContain('Nothing to push: every shop already holds the catalogue.');
    // Found again, not doubled.
    const trees = await Promise.all([...again.matchAll(/state: (http:\S+\/__sim\/state)/g)].map((m) => categoryPaths(m[1])));
    expect(trees).toEqual([plTree, deTree]);
    await stop(second);
  }, 300_000);
});
