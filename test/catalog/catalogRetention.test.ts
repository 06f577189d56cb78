import { QueryTypes } from 'sequelize';
import { purgeCatalogHistory } from '../../src/catalog/catalogRetention';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** The retention sweep of the product audit trail: rows older than PRODUCT_CHANGES_RETENTION_DAYS go, newer stay, 0 keeps all. */
describe('product audit retention', () => {
  let stack: TestStack;
  const tag = `RET${Date.now().toString(36).toUpperCase()}`;
  const changes = (id: number) => stack.sequelize.query<{ age: number }>(`SELECT extract(day FROM now() - created_at)::int AS age FROM product_changes WHERE product_id = $1 ORDER BY created_at`, { bind: [id], type: QueryTypes.SELECT });

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.stop();
  });

  it('deletes audit rows older than the retention and keeps the rest', async () => {
    const [{ id }] = await stack.sequelize.query<{ id: number }>(`INSERT INTO products (sku, name) VALUES ($1, 'Stary') RETURNING id`, { bind: [`${tag}-1`], type: QueryTypes.SELECT });
    await stack.sequelize.query(`UPDATE products SET name = 'Nowszy' WHERE id = $1`, { bind: [id] });
    await stack.sequelize.query(`UPDATE products SET name = 'Najnowszy' WHERE id = $1`, { bind: [id] });
    await stack.sequelize.query(
      `UPDATE product_changes SET created_at = now() - make_interval(days => d) FROM (VALUES (0, 400), (1, 100)) AS v(n, d)
        WHERE product_changes.id = (SELECT id FROM product_changes WHERE product_id = $1 ORDER BY id OFFSET v.n LIMIT 1)`,
      { bind: [id] },
    );
    expect((await changes(id)).map((c) => c.age)).toEqual([400, 100, 0]);

    expect((await purgeCatalogHistory(stack.sequelize, 0)).product_changes).toBe(0);
    expect(await changes(id)).toHaveLength(3);
    const report = await purgeCatalogHistory(stack.sequelize, 365);
    expect(report.product_changes).toBeGreaterThanOrEqual(1);
    expect((await changes(id)).map((c) => c.age)).toEqual([100, 0]);
  });
});
