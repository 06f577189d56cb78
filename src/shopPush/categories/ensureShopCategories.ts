import { QueryTypes, type Sequelize } from 'sequelize';
import { linkRewrite as friendlyUrl } from '../../connectors/prestashop/linkRewrite';
import type { CreatedCategories } from './createdCategories';
import type { ShopCategoryPort } from './shopCategoryPort';

export interface CategoryShop {
  shopId: number;
  /** The shop category top-level central categories go under. */
  rootCategoryId: number;
  /** PPM language code → shop language id. */
  languageMap: Record<string, number>;
}

export interface EnsureResult {
  /** Shop categories created by this call (remote ids, in creation order; compensation deletes them newest first). */
  created: number[];
  /** Automatic mappings adopted from an existing shop category of the same name. */
  found: number;
  /** Mappings whose shop category had been deleted in the shop (mapped again). */
  repaired: number;
}

interface Needed {
  id: number;
  parent_id: number | null;
  depth: number;
  name: string;
  names: Record<string, string> | null;
  remote_id: number | null;
  pinned: boolean | null;
}

/**
 * Makes sure every category of `productIds` (and every ancestor) maps to a category of the shop, before their
 * payloads are built. Existing mappings are checked in one read (a shop category deleted in the shop is mapped
 * again); unmapped categories are handled top-down: found by exact name under the mapped parent (in the shop
 * language of the catalogue's default language), else created with a name and `link_rewrite` per shop language.
 * Pinned mappings are never changed unless their shop category is gone. One shop at a time (advisory lock), so
 * parallel batches never create a category twice; a retry after a crash finds what the first attempt created.
 */
export async function ensureShopCategories(sequelize: Sequelize, port: ShopCategoryPort, shop: CategoryShop, productIds: number[], defaultLanguage: string, createdLog?: CreatedCategories): Promise<EnsureResult> {
  const result: EnsureResult = { created: [], found: 0, repaired: 0 };
  if (!productIds.length) return result;
  return sequelize.transaction(async (t) => {
    const needed = await sequelize.query<Needed>(
      `WITH RECURSIVE up AS (
         SELECT DISTINCT category_id AS id FROM product_categories WHERE product_id = ANY($1::int[])
         UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL),
       depth AS (
         SELECT id, parent_id, 0 AS depth FROM categories WHERE parent_id IS NULL
         UNION ALL SELECT c.id, c.parent_id, d.depth + 1 FROM categories c JOIN depth d ON c.parent_id = d.id)
       SELECT c.id, c.parent_id, d.depth, c.name, m.remote_id, m.pinned,
              (SELECT jsonb_object_agg(n.lang, n.name) FROM category_names n WHERE n.category_id = c.id) AS names
         FROM up JOIN categories c ON c.id = up.id JOIN depth d ON d.id = c.id
         LEFT JOIN category_shop_map m ON m.category_id = c.id AND m.shop_id = $2
        ORDER BY d.depth, c.position, c.id`,
      { bind: [productIds, shop.shopId], type: QueryTypes.SELECT, transaction: t },
    );
    if (!needed.length) return result;
    await sequelize.query(`SELECT pg_advisory_xact_lock(727312, $1)`, { bind: [shop.shopId], transaction: t });
    // Re-read the mappings under the lock (another batch may have just written them).
    const rows = await sequelize.query<{ category_id: number; remote_id: number; pinned: boolean }>(
      `SELECT category_id, remote_id, pinned FROM category_shop_map WHERE shop_id = $1 AND category_id = ANY($2::int[])`,
      { bind: [shop.shopId, needed.map((n) => n.id)], type: QueryTypes.SELECT, transaction: t },
    );
    const mapped = new Map(rows.map((r) => [r.category_id, r]));
    if (mapped.size) {
      const alive = await port.existing([...new Set(rows.map((r) => r.remote_id))]);
      for (const r of rows) {
        if (alive.has(r.remote_id)) continue;
        mapped.delete(r.category_id);
        result.repaired++;
      }
    }
    const defaultShopLang = shop.languageMap[defaultLanguage];
    const shopLangs = Object.entries(shop.languageMap);
    const childrenOf = new Map<number, Array<{ id: number; names: Record<string, string> }>>();
    for (const c of needed) {
      if (mapped.has(c.id)) continue;
      const parentRemote = c.parent_id === null ? shop.rootCategoryId : mapped.get(c.parent_id)?.remote_id;
      if (parentRemote === undefined) continue; // parent could not be mapped: leave it (the product keeps its other categories)
      const names: Record<string, string> = {};
      for (const [code, langId] of shopLangs.length ? shopLangs : [[defaultLanguage, 1] as [string, number]]) names[String(langId)] ??= c.names?.[code] ?? c.name;
      let kids = childrenOf.get(parentRemote);
      if (!kids) childrenOf.set(parentRemote, (kids = await port.children(parentRemote)));
      const wanted = c.name.trim();
      const match = kids.find((k) => (defaultShopLang !== undefined ? k.names[String(defaultShopLang)]?.trim() === wanted : Object.values(k.names).some((n) => n.trim() === wanted)));
      let remoteId: number;
      if (match) {
        remoteId = match.id;
        result.found++;
        await createdLog?.created(c.id, remoteId, true);
      } else {
        const slugs = Object.fromEntries(Object.entries(names).map(([id, n]) => [id, friendlyUrl(n, 'category')]));
        await createdLog?.intent(c.id);
        remoteId = await port.create(parentRemote, names, slugs);
        await createdLog?.created(c.id, remoteId);
        kids.push({ id: remoteId, names });
        result.created.push(remoteId);
      }
      await sequelize.query(
        `INSERT INTO category_shop_map (category_id, shop_id, remote_id, pinned, remote_parent_id, updated_at) VALUES ($1, $2, $3, FALSE, $4, now())
         ON CONFLICT (category_id, shop_id) DO UPDATE SET remote_id = EXCLUDED.remote_id, pinned = FALSE, remote_parent_id = EXCLUDED.remote_parent_id, updated_at = now()`,
        { bind: [c.id, shop.shopId, remoteId, parentRemote], transaction: t },
      );
      mapped.set(c.id, { category_id: c.id, remote_id: remoteId, pinned: false });
    }
    return result;
  });
}
