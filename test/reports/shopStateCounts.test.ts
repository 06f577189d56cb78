import { QueryTypes } from 'sequelize';
import { LEDGER_STATUS_SQL } from '../../src/catalog/ledgerStatus';
import type { TestStack } from '../helpers/testStack';
import { api, createProducts, type SyncFixture, withShops, waitForJob } from '../workflows/syncFixture';
import { updateProducts } from '../helpers/products';

const STATES = { inSync: 'in_sync', outdated: 'outdated', failed: 'error', compensationFailed: 'compensation_failed', neverPushed: 'never_pushed' } as const;
type Counts = Record<keyof typeof STATES, number>;

/**
 * GET /reports/shops reads counts that triggers keep (migration 0024): after real pushes to simulated shops, a product
 * edit, failed items, a flagged compensation, a product's and a shop's deletion, the report gives per shop exactly what
 * the product list filter `syncState` + `syncShopId` finds, and what a scan of the whole ledger counts.
 */
describe('shop report counts', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `SSC${Date.now().toString(36)}`;
  const q = <T extends object>(sql: string, bind: unknown[] = []) => stack.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });

  withShops(tag, 2, (fx) => ({ stack, shops } = fx));

  const reported = async (shopId: number): Promise<Counts | undefined> => {
    const res = await api(stack, 'GET', '/reports/shops', { role: 'manager' });
    expect(res.status).toBe(200);
    return res.json.shops.find((s: { id: number }) => s.id === shopId)?.products;
  };

  /** What the list filter finds per state (its total; never_pushed beyond the list's exact cap counted with its own SQL). */
  const listed = async (shopId: number): Promise<Counts> => {
    const out = {} as Counts;
    for (const [key, state] of Object.entries(STATES) as [keyof Counts, string][]) {
      const res = await api(stack, 'GET', `/products?syncState=${state}&syncShopId=${shopId}&pageSize=1`, { role: 'manager' });
      expect(res.status).toBe(200);
      if (res.json.totalExact) out[key] = res.json.total;
      else {
        const [{ n }] = await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM products p WHERE NOT EXISTS (SELECT 1 FROM sync_state l WHERE l.product_id = p.id AND l.shop_id = $1 AND ${LEDGER_STATUS_SQL.recorded})`,
          [shopId],
        );
        out[key] = n;
      }
    }
    return out;
  };

  /** Every shop's counts equal a scan of the whole ledger (the report's former query), and no shop keeps counts it should not. */
  const expectCountsExact = async () => {
    const scanned = await q<{ shop_id: number; state: string; n: number }>(
      `SELECT l.shop_id, ppm_ledger_state(l.compensation_failed, l.last_error_code, l.last_pushed_at, p.updated_at) AS state, count(*)::int AS n
         FROM sync_state l JOIN products p ON p.id = l.product_id GROUP BY 1, 2
       HAVING ppm_ledger_state(l.compensation_failed, l.last_error_code, l.last_pushed_at, p.updated_at) IS NOT NULL
        UNION ALL SELECT NULL, 'products', count(*)::int FROM products ORDER BY 1, 2`,
    );
    const kept = await q<{ shop_id: number; state: string; n: number }>(
      `SELECT shop_id, state, sum(n)::int AS n FROM shop_state_counts GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
    );
    expect(kept).toEqual(scanned);
  };

  const expectReportAsListed = async (shopId: number, expected: Partial<Counts>) => {
    const report = await reported(shopId);
    expect(report).toEqual(await listed(shopId));
    expect(report).toMatchObject(expected);
    await expectCountsExact();
  };

  it('counts as the list filter does after a bulk push, an edit, failures, a flagged compensation and deletions', async () => {
    const [a, b] = shops.shopIds;
    const ids = await createProducts(stack.sequelize, tag, 6);
    await updateProducts(stack.sequelize, ids[5], { ean: 'NOT-AN-EAN' }); // the shops refuse it
    await expectReportAsListed(a, { inSync: 0, outdated: 0, failed: 0, compensationFailed: 0 });

    // A real bulk push to both simulated shops: 5 in sync, 1 failed in each.
    const job = await api(stack, 'POST', '/products/bulk', { body: { operation: 'create', productIds: ids.slice(0, 6), shopIds: [a, b], onFailure: 'continue' } });
    expect(job.status).toBe(202);
    expect((await waitForJob(stack, job.json.jobId)).status).toBe('completed');
    await expectReportAsListed(a, { inSync: 5, outdated: 0, failed: 1, compensationFailed: 0 });
    await expectReportAsListed(b, { inSync: 5, failed: 1 });

    // An edit over HTTP: that product is out of date in both shops.
    const got = await api(stack, 'GET', `/products/${ids[0]}`);
    const patched = await api(stack, 'PATCH', `/products/${ids[0]}`, { body: { name: `Zmieniony ${tag}` }, headers: { 'If-Match': got.headers.get('etag')! } });
    expect(patched.status).toBe(200);
    await expectReportAsListed(a, { inSync: 4, outdated: 1, failed: 1 });
    await expectReportAsListed(b, { inSync: 4, outdated: 1, failed: 1 });

    // Pushed again to shop a only: in sync there, still out of date in b.
    const again = await api(stack, 'POST', '/products/bulk', { body: { operation: 'update', productIds: [ids[0]], shopIds: [a], onFailure: 'continue' } });
    expect((await waitForJob(stack, again.json.jobId)).status).toBe('completed');
    await expectReportAsListed(a, { inSync: 5, outdated: 0, failed: 1 });
    await expectReportAsListed(b, { inSync: 4, outdated: 1 });

    // A compensation the engine could not finish flags the row (written as flagCompensationFailed does).
    await stack.sequelize.query(`UPDATE sync_state SET compensation_failed = TRUE, last_error_code = 'NETWORK' WHERE product_id = $1 AND shop_id = $2`, { bind: [ids[1], a] });
    await expectReportAsListed(a, { inSync: 4, failed: 1, compensationFailed: 1 });

    // A product deleted (its ledger rows go with it): one out of date in b, one in sync in a.
    await stack.sequelize.query(`DELETE FROM products WHERE id = ANY($1::int[])`, { bind: [[ids[0], ids[2]]] });
    await expectReportAsListed(a, { inSync: 2, outdated: 0, failed: 1, compensationFailed: 1 });
    await expectReportAsListed(b, { inSync: 3, outdated: 0, failed: 1 });

    // A shop deleted: gone from the report, the other shop unchanged, no counts left behind for it.
    expect((await api(stack, 'DELETE', `/shops/${b}`, { role: 'admin' })).status).toBe(204);
    expect(await reported(b)).toBeUndefined();
    await expectReportAsListed(a, { inSync: 2, failed: 1, compensationFailed: 1 });
    const [{ left }] = await q<{ left: number }>(`SELECT coalesce(sum(n), 0)::int AS left FROM shop_state_counts WHERE shop_id = $1`, [b]);
    expect(left).toBe(0);
  });

  it('stays exact while pushes, failures and edits of the same products race, over many folds of the counts', async () => {
    const [a] = shops.shopIds;
    const ids = await createProducts(stack.sequelize, `${tag}-R`, 12);
    await stack.sequelize.query(`INSERT INTO sync_state (product_id, shop_id, last_pushed_at) SELECT unnest($1::int[]), $2, now()`, { bind: [ids, a] });
    const [{ before }] = await q<{ before: string }>(`SELECT coalesce(max(id), 0)::text AS before FROM shop_state_counts`);
    const pick = (i: number) => ids.slice(i % 6, (i % 6) + 1 + (i % 5));
    const statements = Array.from({ length: 600 }, (_, i) =>
      i % 3 === 0
        ? [`UPDATE products SET updated_at = clock_timestamp() WHERE id = ANY($1::int[])`, [pick(i)]]
        : i % 3 === 1
          ? [`UPDATE sync_state SET last_pushed_at = clock_timestamp(), last_error_code = NULL WHERE shop_id = $2 AND product_id = ANY($1::int[])`, [pick(i + 2), a]]
          : [`UPDATE sync_state SET last_error_code = CASE WHEN last_error_code IS NULL THEN 'VALIDATION' END WHERE shop_id = $2 AND product_id = ANY($1::int[])`, [pick(i + 4), a]],
    ) as [string, unknown[]][];
    // Eight connections at once, as the push's lanes and an editor would.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < statements.length) {
          const [sql, bind] = statements[next++];
          // Two of these statements may lock the same ledger rows in opposite orders (the push never does: one lane
          // owns a row): PostgreSQL then aborts one with a deadlock, which the engine retries; so does this test.
          for (let attempt = 1; ; attempt++) {
            try {
              await stack.sequelize.query(sql, { bind });
              break;
            } catch (e) {
              const code = (e as { parent?: { code?: string } }).parent?.code;
              if (code !== '40P01' || attempt === 5) throw new Error(`statement failed (${code ?? 'no code'}): ${(e as Error).message}\n${sql}`);
            }
          }
        }
      }),
    );
    const [{ folded }] = await q<{ folded: boolean }>(`SELECT count(*) < 600 AS folded FROM shop_state_counts WHERE id > $1::bigint`, [before]);
    expect(folded).toBe(true); // the counts were folded on the way (no row per statement left)
    await expectReportAsListed(a, {});
  });
});
