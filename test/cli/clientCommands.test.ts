import { EXIT } from '../../src/cli/cliError';
import { freePort } from '../helpers/freePort';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createDynamicsSource, type DynamicsSourceFixture } from '../erpPull/erpTestSources';
import { createProducts, simProducts, startShops, type SyncFixture } from '../workflows/syncFixture';
import { runCli } from './runCli';

/**
 * The `ppm jobs|sync|pull` client commands as a person or a script runs them: the real binary in a child
 * process, against a real API (test stack: PostgreSQL, Temporal dev server, worker) and simulated shops.
 */
// Each test runs the binary a dozen times (a fresh Node process each): on a loaded machine that outgrows
// the default 60 s budget.
jest.setTimeout(180_000);

describe('ppm client commands against a running API', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  let env: Record<string, string>;
  const tag = `cli${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    shops = await startShops(stack, 2, tag);
    const token = (await stack.authHeaders('manager')).Authorization.slice('Bearer '.length);
    env = { PPM_API_URL: stack.baseUrl, PPM_TOKEN: token };
  });
  afterAll(async () => {
    await shops?.stop();
    await stack?.stop();
  });

  it('sync bulk --watch follows the job to completion and exits 0; jobs list shows it', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-ok`, 5);
    const run = await runCli(['sync', 'bulk', '--operation', 'create', '--product-ids', ids.join(','), '--shops', shops.shopIds.join(','), '--watch', '--json'], env);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(EXIT.ok);
    const job = JSON.parse(run.stdout) as { id: string; status: string; progress: { created: number; failed: number }; failures: unknown[] };
    expect(job.status).toBe('completed');
    expect(job.progress.created).toBe(10);
    expect(job.failures).toEqual([]);
    for (const sim of shops.sims) expect(simProducts(sim).filter((p) => p.reference.startsWith(`${tag}-ok`))).toHaveLength(5);

    const list = await runCli(['jobs', 'list', '--type', 'bulk', '--json'], env);
    expect(list.code).toBe(EXIT.ok);
    expect((JSON.parse(list.stdout) as { items: { id: string }[] }).items.map((j) => j.id)).toContain(job.id);
    const text = await runCli(['jobs', 'list'], env);
    expect(text.stdout).toContain(job.id);
  });

  it('jobs watch prints failures with the shop\'s reason and exits 2 when items failed', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-bad`, 2);
    // PrestaShop refuses catalogue names with <>;=#{} (isCatalogName): a permanent, per-item failure.
    await stack.sequelize.query(`UPDATE products SET name = 'Zły <produkt> #1' WHERE id = $1`, { bind: [ids[1]] });
    const started = await runCli(['sync', 'bulk', '--operation', 'create', '--product-ids', ids.join(','), '--shops', String(shops.shopIds[0])], env);
    expect(started.code).toBe(EXIT.ok);
    const jobId = started.stdout.trim();
    expect(jobId).toMatch(/^bulk:/);
    const watched = await runCli(['jobs', 'watch', jobId], env);
    expect(watched.code).toBe(EXIT.itemsFailed);
    expect(watched.stderr).toContain(`✗ product ${ids[1]} → shop ${shops.shopIds[0]}`);
    expect(watched.stdout).toMatch(/completed/);
    expect(watched.stdout).toMatch(/failures by reason:\n\s+1 × shop \d+ \S+/);
    expect(watched.stdout).toContain('created 1');
  });

  it('sync product <sku> starts a one-product job; an unknown SKU is a clear error', async () => {
    const [id] = await createProducts(stack.sequelize, `${tag}-one`, 1);
    const ok = await runCli(['sync', 'product', `${tag}-one-00000`, '--shops', String(shops.shopIds[1]), '--watch', '--json'], env);
    expect(ok.code).toBe(EXIT.ok);
    expect((JSON.parse(ok.stdout) as { status: string; progress: { created: number } }).progress.created).toBe(1);
    expect(id).toBeGreaterThan(0);
    const missing = await runCli(['sync', 'product', `${tag}-nope`], env);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain(`No product with SKU "${tag}-nope"`);
  });

  it('jobs cancel stops a job (watch then exits 4), jobs confirm applies a preview; refusals carry the API\'s message', async () => {
    const ids = await createProducts(stack.sequelize, `${tag}-cx`, 3);
    // A preview waits for confirmation: a job that is certainly still running when we cancel it.
    const started = await runCli(['sync', 'bulk', '--operation', 'create', '--product-ids', ids.join(','), '--preview', '--json'], env);
    expect(started.code).toBe(EXIT.ok);
    const { jobId } = JSON.parse(started.stdout) as { jobId: string };
    const waiting = await runCli(['jobs', 'watch', jobId, '--json'], env);
    expect(waiting.code).toBe(EXIT.ok);
    expect((JSON.parse(waiting.stdout) as { status: string }).status).toBe('awaiting_confirmation');

    const cancel = await runCli(['jobs', 'cancel', jobId], env);
    expect(cancel.code).toBe(EXIT.ok);
    expect(cancel.stdout).toContain(`cancel requested for ${jobId}`);
    const watched = await runCli(['jobs', 'watch', jobId, '--json'], env);
    expect(watched.code).toBe(EXIT.jobCancelled);
    expect(['cancelled', 'discarded']).toContain((JSON.parse(watched.stdout) as { status: string }).status);

    const again = await runCli(['jobs', 'resume', jobId], env);
    expect(again.code).toBe(EXIT.usage);
    expect(again.stderr).toMatch(/409 JOB_STATE_CONFLICT/);
    // confirm applies exactly a preview's plan
    const more = await createProducts(stack.sequelize, `${tag}-cf`, 2);
    const preview = await runCli(['sync', 'bulk', '--operation', 'create', '--product-ids', more.join(','), '--shops', String(shops.shopIds[0]), '--preview', '--watch', '--json'], env);
    const planned = JSON.parse(preview.stdout) as { id: string; status: string; progress: { plan: { create: number } } };
    expect(planned.status).toBe('awaiting_confirmation');
    expect(planned.progress.plan.create).toBe(2);
    expect((await runCli(['jobs', 'confirm', planned.id], env)).code).toBe(EXIT.ok);
    const applied = await runCli(['jobs', 'watch', planned.id, '--json'], env);
    expect(applied.code).toBe(EXIT.ok);
    expect((JSON.parse(applied.stdout) as { progress: { created: number } }).progress.created).toBe(2);

    const unknown = await runCli(['jobs', 'watch', 'bulk:no-such-job'], env);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(/404 JOB_NOT_FOUND/);
  });

  it('a bad token, no token, a missing role and an unreachable API each give one clear sentence and their exit code', async () => {
    const bad = await runCli(['jobs', 'list'], { ...env, PPM_TOKEN: 'ppm_st_notARealTokenAtAll0000000000000000000' });
    expect(bad.code).toBe(EXIT.auth);
    expect(bad.stderr).toMatch(/refused the token \(401/);
    expect(bad.stderr).not.toMatch(/at .*\.ts/); // no stack trace

    const none = await runCli(['jobs', 'list', '--api-url', stack.baseUrl]);
    expect(none.code).toBe(EXIT.auth);
    expect(none.stderr).toContain('The API needs a token');

    const userToken = (await stack.authHeaders('user')).Authorization.slice('Bearer '.length);
    const forbidden = await runCli(['sync', 'bulk', '--operation', 'update', '--filter', `skuPrefix=${tag}`, '--token', userToken], env);
    expect(forbidden.code).toBe(EXIT.auth);
    expect(forbidden.stderr).toMatch(/Not allowed \(403/);

    const closed = await freePort();
    const down = await runCli(['jobs', 'list', '--api-url', `http://127.0.0.1:${closed}`], env);
    expect(down.code).toBe(EXIT.unreachable);
    expect(down.stderr).toContain(`Cannot reach the PPM Sync API at http://127.0.0.1:${closed}`);

    const invalid = await runCli(['sync', 'bulk', '--operation', 'create', '--filter', 'colour=red'], env);
    expect(invalid.code).toBe(EXIT.usage);
    expect(invalid.stderr).toMatch(/Invalid bulk request: --filter/);
  });

  describe('ppm pull', () => {
    let bc: DynamicsSourceFixture;
    // ERP pulls are started and read by admins only (their errors name hosts and settings).
    let admin: Record<string, string>;
    beforeAll(async () => {
      admin = { ...env, PPM_TOKEN: (await stack.authHeaders('admin')).Authorization.slice('Bearer '.length) };
      bc = await createDynamicsSource(stack.sequelize, stack.config, { name: `${tag} BC`, items: 12, skuPrefix: `${tag}-`, pictureShare: 0 });
    });
    afterAll(async () => bc?.stop());

    it('pulls a source by id (POST /erp-sources/{id}/pull) and watches it to its result', async () => {
      const run = await runCli(['pull', String(bc.sourceId), '--mode', 'full', '--watch', '--json'], admin);
      expect(run.code).toBe(EXIT.ok);
      const job = JSON.parse(run.stdout) as { id: string; status: string; result: { counters: { inserted: number } } };
      expect(job.id).toBe(`erp-pull:${bc.sourceId}`);
      expect(job.status).toBe('completed');
      expect(job.result.counters.inserted).toBe(12);

      const text = await runCli(['pull', String(bc.sourceId), '--watch'], admin);
      expect(text.code).toBe(EXIT.ok);
      expect(text.stdout).toMatch(/erp-pull:\d+: completed/);
      expect(text.stdout).toMatch(/unchanged 12/);

      const manager = await runCli(['pull', String(bc.sourceId)], env);
      expect(manager.code).toBe(EXIT.auth);
      expect(manager.stderr).toMatch(/Not allowed \(403/);

      const missing = await runCli(['pull', '999999'], admin);
      expect(missing.code).toBe(EXIT.usage);
      expect(missing.stderr).toMatch(/404 ERP_SOURCE_NOT_FOUND/);

      await stack.sequelize.query(`UPDATE erp_sources SET active = false WHERE id = $1`, { bind: [bc.sourceId] });
      const inactive = await runCli(['pull', String(bc.sourceId)], admin);
      expect(inactive.code).toBe(EXIT.usage);
      expect(inactive.stderr).toMatch(/409 ERP_SOURCE_INACTIVE/);
    });
  });
});
