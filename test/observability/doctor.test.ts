import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/projectRoot';
import { createDynamicsSource, type DynamicsSourceFixture } from '../erpPull/erpTestSources';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { startShops, type SyncFixture } from '../workflows/syncFixture';

function ppm(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(PROJECT_ROOT, 'bin/ppm.js'), ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** `ppm doctor` against the real PostgreSQL and Temporal of the test run, with one shop up and one stopped. */
describe('ppm doctor', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  let bc: DynamicsSourceFixture;
  const tag = `DR${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    shops = await startShops(stack, 2, tag);
    bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `${tag} BC`, items: 3 });
  });
  afterAll(async () => {
    await shops?.stop();
    await bc?.stop();
    await stack?.sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [bc?.sourceId ?? 0] });
    await stack?.stop();
  });

  it('reports a stopped shop simulator as down with a readable reason and exits 1; the running one is ok', async () => {
    await shops.sims[1].stop();
    await bc.stop(); // the Business Central simulator (token endpoint and API) is gone too
    const { code, stdout } = await ppm(['doctor'], { TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE });
    expect(code).toBe(1);
    const line = (shopId: number) => stdout.split('\n').find((l) => l.includes(`(#${shopId})`) && / shop /.test(l)) ?? '';
    expect(line(shops.shopIds[0])).toMatch(/^ok\s+shop\s+.*PrestaShop 8/);
    expect(line(shops.shopIds[1])).toMatch(/^DOWN\s+shop\s+/);
    expect(line(shops.shopIds[1])).toMatch(/refused|not reachable|ECONNREFUSED/i);
    expect(stdout).toMatch(/^ok\s+postgresql\s+DATABASE_URL\s+PostgreSQL .*schema up to date/m);
    expect(stdout).toMatch(/^ok\s+temporal\s+namespace \S+\s+reachable/m);
    expect(stdout).toMatch(/^ok\s+temporal\s+search attributes\s+all 6 registered/m);
    const erpLine = stdout.split('\n').find((l) => l.includes(`(#${bc.sourceId}, dynamics)`)) ?? '';
    expect(erpLine).toMatch(/^DOWN\s+erp source\s+/);
    expect(erpLine).toMatch(/refused|not reachable|ECONNREFUSED/i);
    expect(stdout).toContain('What to fix:');
    expect(stdout).toMatch(new RegExp(`shop .*\\(#${shops.shopIds[1]}\\): check the shop is up at http://127\\.0\\.0\\.1:\\d+`));
    expect(stdout).not.toContain(shops.sims[0].key); // never a key
  });

  it('names an unreachable PostgreSQL and Temporal with what to fix', async () => {
    const { code, stdout } = await ppm(['doctor'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^DOWN\s+postgresql\s+DATABASE_URL\s+.*(ECONNREFUSED|refused)/m);
    expect(stdout).toMatch(/^DOWN\s+temporal\s+namespace \S+\s+127\.0\.0\.1:1: connection refused/m);
    expect(stdout).toContain('check DATABASE_URL');
  });
});
