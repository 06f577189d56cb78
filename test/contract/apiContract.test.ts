/**
 * The API contract as part of `npm test`: runs `test/contract/runContract.ts` (schemathesis, every check, against
 * `ppm start` on a throw-away database) and fails on any contract failure. It fails — it does not skip — when the
 * schemathesis virtualenv is missing (README, Tests). `npm run test:contract` runs the same thing alone.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TAIL_CHARS = 20_000;

test('the running API keeps its OpenAPI contract (schemathesis, all checks, all phases)', async () => {
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const run = spawn(process.execPath, [tsx, path.join(ROOT, 'test/contract/runContract.ts')], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  run.stdout.on('data', keep);
  run.stderr.on('data', keep);
  const code = await new Promise<number>((resolve) => run.once('exit', (c) => resolve(c ?? 1)));
  const summary = output.split('\n').filter((l) => /^\s*\d+ generated, |^\[contract\]/.test(l)).slice(-8).join('\n');
  process.stdout.write(`[contract] ${summary}\n`);
  if (code !== 0) throw new Error(`schemathesis contract run failed (exit ${code}); last output:\n${output}`);
  expect(output).toMatch(/\d+ generated, \d+ passed/);
}, 900_000);
