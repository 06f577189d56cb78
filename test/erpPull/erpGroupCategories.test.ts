import { QueryTypes } from 'sequelize';
import { startErpPull } from '../../src/erpPull/startErpPull';
import { type SqlServerSimulator, startSqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createSubiektSource } from './erpTestSources';

/** Subiekt GT product groups (sl_GrupaTw) become central categories, linked by grt_Id, assigned per field ownership. */
describe('ERP groups → categories (Subiekt GT over TDS)', () => {
  let stack: TestStack;
  let sim: SqlServerSimulator;
  let sourceId: number;
  let parentId: number;
  const tag = `EG${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    sim = await startSqlServerSimulator({ databaseUrl: process.env.DATABASE_URL!, schema: `subiekt_sim_groups_${process.pid}`, seed: { products: 30, seed: 23 } });
    const [top] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Sklep ${tag}`], type: QueryTypes.SELECT });
    const [nested] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name, parent_id) VALUES ('Z Subiekta', $1) RETURNING id`, { bind: [top.id], type: QueryTypes.SELECT });
    parentId = nested.id;
    sourceId = await createSubiektSource(stack.sequelize, stack.config, sim, {
      name: `Subiekt ${tag}`,
      settings: { priceLevel: 1, warehouseIds: [1], importPictures: false },
      categoryParentId: parentId,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await sim?.stop();
  });

  const pull = async () => (await startErpPull(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, { sourceId, pageSize: 10 })).handle.result();
  const assignments = () =>
    stack.sequelize.query<{ external_id: string; group_id: string | null; category_id: number; is_primary: boolean }>(
      `SELECT p.erp_external_id AS external_id, c.erp_group_id AS group_id, pc.category_id, pc.is_primary
         FROM products p JOIN product_categories pc ON pc.product_id = p.id JOIN categories c ON c.id = pc.category_id
        WHERE p.erp_source_id = $1 ORDER BY p.id`,
      { bind: [sourceId], type: QueryTypes.SELECT },
    );
  const groupCategories = () =>
    stack.sequelize.query<{ id: number; name: string; erp_group_id: string; parent_id: number }>(
      `SELECT id, name, erp_group_id, parent_id FROM categories WHERE erp_source_id = $1 ORDER BY erp_group_id`,
      { bind: [sourceId], type: QueryTypes.SELECT },
    );

  it('creates one category per group under the source parent and gives each product its group', async () => {
    await pull();
    const erpGroups = await sim.db.query<{ tw_Id: number; tw_IdGrupa: number | null }>(`SELECT "tw_Id", "tw_IdGrupa" FROM "tw__Towar"`);
    const groupOf = new Map(erpGroups.map((r) => [String(r.tw_Id), r.tw_IdGrupa === null ? null : String(r.tw_IdGrupa)]));
    const cats = await groupCategories();
    // Products whose SKU another source already holds (other test files share the database) are not imported.
    const imported = await stack.sequelize.query<{ erp_external_id: string }>(`SELECT erp_external_id FROM products WHERE erp_source_id = $1`, { bind: [sourceId], type: QueryTypes.SELECT });
    expect(imported.length).toBeGreaterThan(0);
    const used = new Set(imported.map((p) => groupOf.get(p.erp_external_id)).filter((g): g is string => g !== null && g !== undefined));
    expect(cats.map((c) => c.erp_group_id).sort()).toEqual([...used].sort());
    expect(cats.every((c) => c.parent_id === parentId)).toBe(true);
    const names = await sim.db.query<{ grt_Id: number; grt_Nazwa: string }>(`SELECT "grt_Id", "grt_Nazwa" FROM "sl_GrupaTw"`);
    for (const c of cats) expect(c.name).toBe(names.find((n) => String(n.grt_Id) === c.erp_group_id)!.grt_Nazwa);

    const rows = await assignments();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.group_id).toBe(groupOf.get(r.external_id));
      expect(r.is_primary).toBe(true);
    }
    // A second pull creates nothing new.
    const before = cats.map((c) => c.id);
    await pull();
    expect((await groupCategories()).map((c) => c.id)).toEqual(before);
  });

  it('a renamed group renames its category (linked by id, not name); ownership decides who assigns', async () => {
    const [first] = await groupCategories();
    await sim.db.query(`UPDATE "sl_GrupaTw" SET "grt_Nazwa" = $2 WHERE "grt_Id" = $1`, [Number(first.erp_group_id), `Nowa nazwa ${tag}`]);
    // The user moves the category elsewhere and re-assigns one product; the user owns assignments by default.
    const [other] = await stack.sequelize.query<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, { bind: [`Wyprzedaż ${tag}`], type: QueryTypes.SELECT });
    await stack.sequelize.query(`UPDATE categories SET parent_id = $2 WHERE id = $1`, { bind: [first.id, other.id] });
    const [row] = await assignments();
    const [{ id: productId }] = await stack.sequelize.query<{ id: number }>(`SELECT id FROM products WHERE erp_source_id = $1 AND erp_external_id = $2`, { bind: [sourceId, row.external_id], type: QueryTypes.SELECT });
    await stack.sequelize.query(`UPDATE product_categories SET category_id = $2 WHERE product_id = $1`, { bind: [productId, other.id] });

    await pull();
    const renamed = (await groupCategories()).find((c) => c.id === first.id)!;
    expect(renamed).toMatchObject({ name: `Nowa nazwa ${tag}`, parent_id: other.id }); // renamed in place, not moved back
    const [{ category_id: userChoice }] = await stack.sequelize.query<{ category_id: number }>(`SELECT category_id FROM product_categories WHERE product_id = $1`, { bind: [productId], type: QueryTypes.SELECT });
    expect(userChoice).toBe(other.id);

    // The ERP owns the assignment: the next pull puts the product back in its group.
    await stack.sequelize.query(`UPDATE erp_sources SET field_ownership = '["priceNet","vatRate","ean","stock","categories"]'::jsonb WHERE id = $1`, { bind: [sourceId] });
    await pull();
    const back = (await assignments()).find((r) => r.external_id === row.external_id)!;
    expect(back.group_id).toBe(row.group_id);
  });
});
