import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * A page of products with every relation the GraphQL product page reads: two categories each (a parent and a
 * child), an image, an English translation, overrides and a ledger row in shop A (every third with an error),
 * the ERP source on every other one. Shared by test/graphql (statement count) and bench/scenarios/graphqlPageScenario.ts.
 */
export interface PageSeed {
  tag: string;
  productIds: number[];
  shopA: number;
  shopB: number;
  erpId: number;
  categoryIds: number[];
}

export async function seedGraphqlPage(sequelize: Sequelize, count: number, tag = `GQL${Date.now().toString(36).toUpperCase()}`): Promise<PageSeed> {
  const q = <T extends object>(sql: string, bind: unknown[]) => sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });
  const [{ id: shopA }] = await q<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint, language_map) VALUES ($1, 'http://127.0.0.1:1', 'x', '••', '{"pl":1,"en":2}') RETURNING id`, [`A ${tag}`]);
  const [{ id: shopB }] = await q<{ id: number }>(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••') RETURNING id`, [`B ${tag}`]);
  const [{ id: erpId }] = await q<{ id: number }>(`INSERT INTO erp_sources (name, kind, settings) VALUES ($1, 'subiekt', '{"server":"10.0.0.1"}') RETURNING id`, [`ERP ${tag}`]);
  const [{ id: parent }] = await q<{ id: number }>(`INSERT INTO categories (name) VALUES ($1) RETURNING id`, [`Narzędzia ${tag}`]);
  const [{ id: child }] = await q<{ id: number }>(`INSERT INTO categories (name, parent_id) VALUES ($1, $2) RETURNING id`, [`Młotki ${tag}`, parent]);
  const rows = await q<{ id: number }>(
    `INSERT INTO products (sku, name, price_net, erp_source_id, erp_external_id)
     SELECT $1 || '-' || lpad(i::text, 4, '0'), 'Młotek ' || i, (i + 0.99)::numeric, CASE WHEN i % 2 = 0 THEN $2::int END, CASE WHEN i % 2 = 0 THEN 'X' || i END
       FROM generate_series(1, $3::int) AS i ORDER BY i RETURNING id`,
    [tag, erpId, count],
  );
  const ids = rows.map((r) => r.id);
  await sequelize.query(
    `INSERT INTO product_categories (product_id, category_id, is_primary) SELECT p, $2::int, true FROM unnest($1::int[]) p UNION ALL SELECT p, $3::int, false FROM unnest($1::int[]) p`,
    { bind: [ids, child, parent] },
  );
  await sequelize.query(
    `INSERT INTO product_images (product_id, position, is_main, content_type, sha256) SELECT p, 0, true, 'image/png', lpad(to_hex(p), 64, '0') FROM unnest($1::int[]) p`,
    { bind: [ids] },
  );
  await sequelize.query(`INSERT INTO product_translations (product_id, lang, name) SELECT p, 'en', 'Hammer ' || p FROM unnest($1::int[]) p`, { bind: [ids] });
  await sequelize.query(`INSERT INTO product_shop_data (product_id, shop_id, price_net) SELECT p, $2::int, 9.99 FROM unnest($1::int[]) p`, { bind: [ids, shopA] });
  await sequelize.query(
    `INSERT INTO sync_state (product_id, shop_id, last_pushed_at, last_error_code, last_error_message)
     SELECT p, $2::int, now() - interval '1 day', CASE WHEN n % 3 = 0 THEN 'VALIDATION' END, CASE WHEN n % 3 = 0 THEN 'name refused' END
       FROM unnest($1::int[]) WITH ORDINALITY AS t(p, n)`,
    { bind: [ids, shopA] },
  );
  return { tag, productIds: ids, shopA, shopB, erpId, categoryIds: [parent, child] };
}

export async function dropGraphqlPage(sequelize: Sequelize, seed: PageSeed): Promise<void> {
  await sequelize.query(`DELETE FROM products WHERE id = ANY($1::int[])`, { bind: [seed.productIds] });
  await sequelize.query(`DELETE FROM shops WHERE id IN ($1, $2)`, { bind: [seed.shopA, seed.shopB] });
  await sequelize.query(`DELETE FROM categories WHERE id = ANY($1::int[])`, { bind: [seed.categoryIds] });
  await sequelize.query(`DELETE FROM erp_sources WHERE id = $1`, { bind: [seed.erpId] });
}

/** The product page the frontend's heavy screen asks for: every relation of every product. */
export const PRODUCT_PAGE_QUERY = /* GraphQL */ `
  query ProductPage($filter: ProductFilter, $first: Int, $after: String) {
    products(filter: $filter, first: $first, after: $after) {
      totalCount
      totalExact
      pageInfo { hasNextPage endCursor }
      nodes {
        id sku name priceNet status version etag erpSourceId erpExternalId erpOwnedFields
        erpSource { id name kind }
        categories { isPrimary category { id name path parent { id name } } }
        images { id isMain contentType contentUrl }
        translations { language name description }
        shops { shopId shopName shop { id name } overrides { priceNet active } sync { status lastPushedAt lastError { code message } } }
      }
    }
  }
`;
