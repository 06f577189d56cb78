import fs from 'node:fs';
import { describeOpenHandles } from './openHandles';
import { pendingTimerOrigins } from './timerOrigins';
import { dropDatabase } from './testDatabase';
import type { TestRun } from './testRun';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { __ppmTestRun?: TestRun }).__ppmTestRun;
  if (!run) return;
  await run.stopTemporal();
  if (!process.env.PPM_TEST_KEEP_DB) await dropDatabase(run.adminUrl, run.dbName);
  fs.rmSync(run.tmp, { recursive: true, force: true });
  const open = [...describeOpenHandles(), ...pendingTimerOrigins().map((stack) => `timer created at ${stack}`)];
  if (open.length > 0) process.stderr.write(`[test teardown] handles still open after the run (forceExit ends them):\n  ${open.join('\n  ')}\n`);
}
