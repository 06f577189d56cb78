import { SubiektSource } from '../../../src/connectors/subiekt/SubiektSource';
import type { ErpProduct } from '../../../src/connectors/erp/ErpSource';
import type { SqlServerSimulator } from '../../../src/simulators/sqlserver/sqlServerSimulator';
import { pictureCrc } from '../../../src/simulators/sqlserver/seed/subiektSeed';
import { announceTarget, readAll, REAL_SERVER, simConfig, simIt, startTestSimulator } from './subiektTarget';

/** Change detection (content hash, flags, picture tokens) on data mutated in the simulator. */
describe('SubiektSource change detection (simulator)', () => {
  let sim: SqlServerSimulator;
  let src: SubiektSource;
  const byId = (ps: ErpProduct[]) => new Map(ps.map((p) => [p.externalId, p]));

  beforeAll(async () => {
    announceTarget();
    if (REAL_SERVER) return;
    sim = await startTestSimulator('changes', { seed: { products: 120, seed: 11 } });
    src = new SubiektSource(simConfig(sim));
  });

  afterAll(async () => {
    await src?.close();
    await sim?.stop();
  });

  simIt('changes the hash iff a field changes, including the 4th decimal of a price', async () => {
    const before = byId((await readAll(src, 50)).products);
    const [target] = await sim.db.query<{ id: number; net: string }>('SELECT "tc_IdTowar" AS id, "tc_CenaNetto1"::text AS net FROM "tw_Cena" WHERE "tc_CenaNetto1" IS NOT NULL ORDER BY 1 OFFSET 10 LIMIT 1');
    await sim.db.query('UPDATE "tw_Cena" SET "tc_CenaNetto1" = "tc_CenaNetto1" + 0.0001 WHERE "tc_IdTowar" = $1', [target.id]);
    const after = byId((await readAll(src, 50)).products);
    const changed = [...after.values()].filter((p) => p.contentHash !== before.get(p.externalId)!.contentHash).map((p) => p.externalId);
    expect(changed).toEqual([String(target.id)]);
    expect(Number(after.get(String(target.id))!.priceNet) - Number(target.net)).toBeCloseTo(0.0001, 6);
    await sim.db.query('UPDATE "tw_Cena" SET "tc_CenaNetto1" = "tc_CenaNetto1" - 0.0001 WHERE "tc_IdTowar" = $1', [target.id]);
    const restored = byId((await readAll(src, 50)).products);
    expect(restored.get(String(target.id))!.contentHash).toBe(before.get(String(target.id))!.contentHash);
  });

  simIt('reports products that become deleted or blocked, with flags', async () => {
    const ids = (await sim.db.query<{ id: number }>('SELECT "tw_Id" AS id FROM "tw__Towar" WHERE "tw_Usuniety" = 0 AND "tw_Zablokowany" = 0 ORDER BY 1 LIMIT 2')).map((r) => r.id);
    const before = byId((await readAll(src, 60)).products);
    await sim.db.query('UPDATE "tw__Towar" SET "tw_Usuniety" = 1 WHERE "tw_Id" = $1', [ids[0]]);
    await sim.db.query('UPDATE "tw__Towar" SET "tw_Zablokowany" = 1 WHERE "tw_Id" = $1', [ids[1]]);
    const after = byId((await readAll(src, 60)).products);
    expect(after.get(String(ids[0]))).toMatchObject({ deleted: true, blocked: false });
    expect(after.get(String(ids[1]))).toMatchObject({ deleted: false, blocked: true });
    expect(after.get(String(ids[0]))!.contentHash).not.toBe(before.get(String(ids[0]))!.contentHash);
    expect(after.size).toBe(before.size);
  });

  simIt('picture change tokens change only for the picture whose CRC changed; bytes fetched one at a time', async () => {
    const before = (await readAll(src, 60)).products.filter((p) => p.pictures.length > 0);
    expect(before.length).toBeGreaterThan(1);
    const victim = before[1];
    const pic = victim.pictures[0];
    const newBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), Buffer.from('nowe zdjęcie')]);
    await sim.db.query('UPDATE "tw_ZdjecieTw" SET "zd_Zdjecie" = $1, "zd_CRC" = $2 WHERE "zd_Id" = $3', [newBytes, pictureCrc(newBytes), Number(pic.externalId)]);
    const after = byId((await readAll(src, 60)).products);
    const changedPictures: string[] = [];
    for (const p of before) {
      const now = after.get(p.externalId)!;
      p.pictures.forEach((old, i) => {
        if (now.pictures[i].changeToken !== old.changeToken) changedPictures.push(old.externalId);
      });
    }
    expect(changedPictures).toEqual([pic.externalId]);
    const fetched = await src.fetchPicture(victim.externalId, pic.externalId);
    expect(fetched.data.equals(newBytes)).toBe(true);
    expect(fetched.contentType).toBe('image/jpeg');
    const other = before[0];
    const otherPic = await src.fetchPicture(other.externalId, other.pictures[0].externalId);
    expect(otherPic.data.length).toBeGreaterThan(100);
    expect(['image/png', 'image/jpeg']).toContain(otherPic.contentType);
    await expect(src.fetchPicture(other.externalId, '999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
