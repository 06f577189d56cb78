import type pg from 'pg';

/**
 * The `api-list` bench catalogue: BENCH_LIST_PRODUCTS products (default 100,000) with Polish names built from
 * nouns × adjectives × materials (so a two-word search matches about 1 in 300), descriptions, EANs, prices,
 * an ERP source on half of them, and 3 shops of ledger rows (about 90 % of products per shop, mixed states:
 * in sync, out of date, failed, compensation failed).
 */
export const NOUNS = ['Młotek', 'Wkrętarka', 'Piła', 'Śrubokręt', 'Klucz', 'Poziomica', 'Szlifierka', 'Wiertarka', 'Łopata', 'Grabie', 'Żarówka', 'Kabel', 'Przedłużacz', 'Taśma', 'Klej', 'Farba', 'Pędzel', 'Wałek', 'Drabina', 'Rękawice'];
export const ADJECTIVES = ['żółty', 'czerwony', 'zielony', 'niebieski', 'czarny', 'biały', 'srebrny', 'złoty', 'mały', 'duży', 'ciężki', 'lekki', 'profesjonalny', 'ogrodowy', 'warsztatowy'];
const MATERIALS = ['stal', 'aluminium', 'drewno', 'plastik', 'mosiądz', 'guma', 'włókno'];
export const SHOPS = 3;

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

export async function seedListCatalogue(db: pg.Client, products: number): Promise<void> {
  await db.query(`INSERT INTO erp_sources (name, kind) VALUES ('Subiekt bench', 'subiekt')`);
  for (let s = 1; s <= SHOPS; s++) await db.query(`INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint) VALUES ($1, 'http://127.0.0.1:1', 'x', '••')`, [`Sklep ${s}`]);
  await db.query(`
    INSERT INTO products (sku, name, description, ean, price_net, vat_rate, stock, status, erp_source_id, erp_external_id, created_at, updated_at)
    SELECT 'B-' || lpad(g::text, 7, '0'),
           (${arr(NOUNS)})[1 + g % ${NOUNS.length}] || ' ' || (${arr(ADJECTIVES)})[1 + (g / ${NOUNS.length}) % ${ADJECTIVES.length}] || ' ' ||
             (${arr(MATERIALS)})[1 + (g / 7) % ${MATERIALS.length}] || ' ' || (g % 997),
           'Solidny produkt do domu i warsztatu. Seria ' || (g % 113) || ', wykonanie: ' || (${arr(MATERIALS)})[1 + g % ${MATERIALS.length}] || '.',
           (5900000000000 + g)::text,
           CASE WHEN g % 50 = 0 THEN NULL ELSE round((1 + (g * 7919) % 100000 / 100.0)::numeric, 2) END,
           23, g % 50,
           CASE WHEN g % 10 = 0 THEN 'inactive' WHEN g % 97 = 0 THEN 'archived' ELSE 'active' END,
           CASE WHEN g % 2 = 0 THEN 1 END, CASE WHEN g % 2 = 0 THEN 'E' || g END,
           now() - make_interval(mins => g), now() - make_interval(secs => (g * 37) % 100000)
      FROM generate_series(1, ${products}) g`);
  await db.query(`
    INSERT INTO sync_state (product_id, shop_id, remote_id, payload_hash, last_pushed_at, last_error_code, compensation_failed)
    SELECT p.id, s.id, p.id, repeat('a', 64),
           CASE WHEN abs(hashint4(p.id * 4 + s.id)) % 3 = 0 THEN p.updated_at - interval '1 hour' ELSE p.updated_at + interval '1 minute' END,
           CASE WHEN abs(hashint4(p.id * 8 + s.id)) % 50 = 0 THEN 'PS_500' END,
           abs(hashint4(p.id * 16 + s.id)) % 1000 = 0
      FROM products p CROSS JOIN shops s
     WHERE abs(hashint4(p.id * 32 + s.id)) % 10 <> 0`);
  await db.query('VACUUM ANALYZE products');
  await db.query('VACUUM ANALYZE sync_state');
}
