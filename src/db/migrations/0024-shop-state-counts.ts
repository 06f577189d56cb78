import type { QueryInterface } from 'sequelize';

/**
 * Shop report without scans (issue #13): products per shop and ledger state (the states of `ledgerStatus.ts`: in sync,
 * out of date, failed, compensation failed; "never pushed" is the catalogue total minus those) and the catalogue
 * total are kept as counts that triggers maintain, so GET /reports/shops sums a table of a few rows per shop instead of
 * joining the whole ledger to the products.
 *
 * - `shop_state_counts` is append-only: each statement on `sync_state` or `products` adds its net change per shop
 *   and state (statement-level triggers over transition tables, one row per shop and state it changed). No row is
 *   ever updated, so the push's parallel writers never queue on a counter row. A count is `sum(n)`; one statement
 *   in 512 (by the row id) folds every committed row into one row per shop and state, so the table stays small.
 * - A ledger row's state depends on its product's `updated_at` (in sync: pushed at or after it). A ledger write reads
 *   its products and a product edit reads their ledger rows, so the two are serialised per product (advisory locks
 *   on 64 buckets of product ids, always taken in ascending order, after the statement's own row locks; ledger
 *   writers take them shared, so lanes and shops never wait for each other, only for an edit of the same products).
 *   Each side then reads the other with a fresh snapshot: whichever commits second sees the first.
 * - A product's deletion deletes its ledger rows (ON DELETE CASCADE) after the product is gone, and PostgreSQL runs
 *   the cascade's statement trigger after the products' one: the products trigger parks the deleted products'
 *   `updated_at` in `shop_state_deleted_products` for the ledger trigger to judge those rows by (should the order
 *   ever be the other way round, the ledger trigger parks its pushed rows in `shop_state_orphans` and the products
 *   trigger settles them). Parked products are cleared by the next product deletion.
 * - TRUNCATE clears the counts it makes wrong.
 */
export const name = '0024-shop-state-counts';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE shop_state_counts (
      id      BIGSERIAL PRIMARY KEY,
      shop_id INTEGER,
      state   VARCHAR(24) NOT NULL CHECK (state IN ('in_sync', 'outdated', 'error', 'compensation_failed', 'products')),
      n       BIGINT NOT NULL,
      CHECK ((state = 'products') = (shop_id IS NULL))
    );
    CREATE TABLE shop_state_orphans (product_id INTEGER NOT NULL, shop_id INTEGER NOT NULL, last_pushed_at TIMESTAMPTZ NOT NULL);
    CREATE TABLE shop_state_deleted_products (product_id INTEGER NOT NULL, updated_at TIMESTAMPTZ NOT NULL);

    -- The rule of LEDGER_STATUS_SQL (src/catalog/ledgerStatus.ts); NULL: nothing recorded (never pushed).
    CREATE FUNCTION ppm_ledger_state(comp BOOLEAN, err TEXT, pushed TIMESTAMPTZ, changed TIMESTAMPTZ) RETURNS TEXT
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN comp THEN 'compensation_failed' WHEN err IS NOT NULL THEN 'error'
                  WHEN pushed >= changed THEN 'in_sync' WHEN pushed < changed THEN 'outdated' END
    $$;

    -- After a statement added k rows: when their ids crossed a multiple of 512, fold the committed rows (one folder at a time).
    CREATE FUNCTION ppm_shop_state_fold(k BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
    DECLARE last BIGINT;
    BEGIN
      IF k = 0 THEN RETURN; END IF;
      last := currval('shop_state_counts_id_seq');
      IF last / 512 = (last - k) / 512 OR NOT pg_try_advisory_xact_lock(727402, 0) THEN RETURN; END IF;
      WITH gone AS (DELETE FROM shop_state_counts RETURNING shop_id, state, n)
      INSERT INTO shop_state_counts (shop_id, state, n)
      SELECT shop_id, state, sum(n) FROM gone GROUP BY shop_id, state HAVING sum(n) <> 0;
    END $$;

    CREATE FUNCTION ppm_shop_state_on_ledger() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE b INTEGER; k BIGINT;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        FOR b IN SELECT DISTINCT product_id % 64 FROM new_rows ORDER BY 1 LOOP PERFORM pg_advisory_xact_lock_shared(727401, b); END LOOP;
        INSERT INTO shop_state_counts (shop_id, state, n)
        SELECT shop_id, state, sum(d) FROM (
          SELECT o.shop_id, ppm_ledger_state(o.compensation_failed, o.last_error_code, o.last_pushed_at, p.updated_at) AS state, -1 AS d
            FROM old_rows o JOIN products p ON p.id = o.product_id
          UNION ALL
          SELECT r.shop_id, ppm_ledger_state(r.compensation_failed, r.last_error_code, r.last_pushed_at, p.updated_at), 1
            FROM new_rows r JOIN products p ON p.id = r.product_id
        ) x WHERE state IS NOT NULL GROUP BY shop_id, state HAVING sum(d) <> 0;
      ELSIF TG_OP = 'INSERT' THEN
        FOR b IN SELECT DISTINCT product_id % 64 FROM new_rows ORDER BY 1 LOOP PERFORM pg_advisory_xact_lock_shared(727401, b); END LOOP;
        INSERT INTO shop_state_counts (shop_id, state, n)
        SELECT shop_id, state, count(*) FROM (
          SELECT r.shop_id, ppm_ledger_state(r.compensation_failed, r.last_error_code, r.last_pushed_at, p.updated_at) AS state
            FROM new_rows r JOIN products p ON p.id = r.product_id
        ) x WHERE state IS NOT NULL GROUP BY shop_id, state;
      ELSE
        FOR b IN SELECT DISTINCT product_id % 64 FROM old_rows ORDER BY 1 LOOP PERFORM pg_advisory_xact_lock_shared(727401, b); END LOOP;
        -- Rows of a product this statement deleted are judged by its updated_at as the products trigger parked it; if
        -- that trigger has not run yet, pushed rows wait for it in shop_state_orphans (failures need no updated_at).
        INSERT INTO shop_state_counts (shop_id, state, n)
        SELECT shop_id, state, -count(*) FROM (
          SELECT o.shop_id, ppm_ledger_state(o.compensation_failed, o.last_error_code, o.last_pushed_at, coalesce(p.updated_at, g.updated_at)) AS state
            FROM old_rows o LEFT JOIN products p ON p.id = o.product_id
            LEFT JOIN shop_state_deleted_products g ON p.id IS NULL AND g.product_id = o.product_id
        ) x WHERE state IS NOT NULL GROUP BY shop_id, state;
        GET DIAGNOSTICS k = ROW_COUNT;
        PERFORM ppm_shop_state_fold(k);
        INSERT INTO shop_state_orphans (product_id, shop_id, last_pushed_at)
        SELECT o.product_id, o.shop_id, o.last_pushed_at FROM old_rows o
         WHERE NOT o.compensation_failed AND o.last_error_code IS NULL AND o.last_pushed_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = o.product_id)
           AND NOT EXISTS (SELECT 1 FROM shop_state_deleted_products g WHERE g.product_id = o.product_id);
        RETURN NULL;
      END IF;
      GET DIAGNOSTICS k = ROW_COUNT;
      PERFORM ppm_shop_state_fold(k);
      RETURN NULL;
    END $$;

    CREATE FUNCTION ppm_shop_state_on_product() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE b INTEGER; k BIGINT; total BIGINT;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        FOR b IN SELECT DISTINCT r.id % 64 FROM new_rows r JOIN old_rows o ON o.id = r.id
                  WHERE r.updated_at IS DISTINCT FROM o.updated_at ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(727401, b);
        END LOOP;
        IF NOT FOUND THEN RETURN NULL; END IF;
        INSERT INTO shop_state_counts (shop_id, state, n)
        SELECT shop_id, state, sum(d) FROM (
          SELECT l.shop_id, ppm_ledger_state(FALSE, NULL, l.last_pushed_at, v.at) AS state, v.d
            FROM (SELECT r.id, o.updated_at AS was, r.updated_at AS now_at FROM new_rows r JOIN old_rows o ON o.id = r.id
                   WHERE r.updated_at IS DISTINCT FROM o.updated_at) c
            JOIN sync_state l ON l.product_id = c.id
            CROSS JOIN LATERAL (VALUES (c.was, -1), (c.now_at, 1)) v (at, d)
           WHERE NOT l.compensation_failed AND l.last_error_code IS NULL AND l.last_pushed_at IS NOT NULL
        ) x GROUP BY shop_id, state HAVING sum(d) <> 0;
        GET DIAGNOSTICS k = ROW_COUNT;
        PERFORM ppm_shop_state_fold(k);
        RETURN NULL;
      END IF;
      IF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO total FROM new_rows;
      ELSE
        SELECT -count(*) INTO total FROM old_rows;
        -- The cascade deletes the ledger rows after the products: park their updated_at for the ledger trigger (an
        -- earlier statement's parked rows are settled by now), and settle the rows it parked if it ran first.
        DELETE FROM shop_state_deleted_products;
        INSERT INTO shop_state_deleted_products (product_id, updated_at) SELECT id, updated_at FROM old_rows;
        WITH gone AS (
          DELETE FROM shop_state_orphans x USING old_rows o WHERE x.product_id = o.id
          RETURNING x.shop_id, ppm_ledger_state(FALSE, NULL, x.last_pushed_at, o.updated_at) AS state
        )
        INSERT INTO shop_state_counts (shop_id, state, n) SELECT shop_id, state, -count(*) FROM gone GROUP BY shop_id, state;
      END IF;
      IF total <> 0 THEN
        INSERT INTO shop_state_counts (shop_id, state, n) VALUES (NULL, 'products', total);
        PERFORM ppm_shop_state_fold(1);
      END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION ppm_shop_state_on_truncate() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'products' THEN DELETE FROM shop_state_counts WHERE state = 'products';
      ELSE DELETE FROM shop_state_counts WHERE shop_id IS NOT NULL; DELETE FROM shop_state_orphans; DELETE FROM shop_state_deleted_products;
      END IF;
      RETURN NULL;
    END $$;

    LOCK TABLE products, sync_state IN SHARE ROW EXCLUSIVE MODE;
    CREATE TRIGGER shop_state_ledger_insert AFTER INSERT ON sync_state REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_ledger();
    CREATE TRIGGER shop_state_ledger_update AFTER UPDATE ON sync_state REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_ledger();
    CREATE TRIGGER shop_state_ledger_delete AFTER DELETE ON sync_state REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_ledger();
    CREATE TRIGGER shop_state_product_insert AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_product();
    CREATE TRIGGER shop_state_product_update AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_product();
    CREATE TRIGGER shop_state_product_delete AFTER DELETE ON products REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_product();
    CREATE TRIGGER shop_state_ledger_truncate AFTER TRUNCATE ON sync_state FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_truncate();
    CREATE TRIGGER shop_state_product_truncate AFTER TRUNCATE ON products FOR EACH STATEMENT EXECUTE FUNCTION ppm_shop_state_on_truncate();

    INSERT INTO shop_state_counts (shop_id, state, n)
    SELECT l.shop_id, ppm_ledger_state(l.compensation_failed, l.last_error_code, l.last_pushed_at, p.updated_at) AS state, count(*)
      FROM sync_state l JOIN products p ON p.id = l.product_id
     GROUP BY 1, 2 HAVING ppm_ledger_state(l.compensation_failed, l.last_error_code, l.last_pushed_at, p.updated_at) IS NOT NULL;
    INSERT INTO shop_state_counts (shop_id, state, n) SELECT NULL, 'products', count(*) FROM products;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS shop_state_ledger_insert ON sync_state;
    DROP TRIGGER IF EXISTS shop_state_ledger_update ON sync_state;
    DROP TRIGGER IF EXISTS shop_state_ledger_delete ON sync_state;
    DROP TRIGGER IF EXISTS shop_state_ledger_truncate ON sync_state;
    DROP TRIGGER IF EXISTS shop_state_product_insert ON products;
    DROP TRIGGER IF EXISTS shop_state_product_update ON products;
    DROP TRIGGER IF EXISTS shop_state_product_delete ON products;
    DROP TRIGGER IF EXISTS shop_state_product_truncate ON products;
    DROP FUNCTION IF EXISTS ppm_shop_state_on_truncate(), ppm_shop_state_on_product(), ppm_shop_state_on_ledger(), ppm_shop_state_fold(BIGINT), ppm_ledger_state(BOOLEAN, TEXT, TIMESTAMPTZ, TIMESTAMPTZ);
    DROP TABLE IF EXISTS shop_state_deleted_products, shop_state_orphans, shop_state_counts;
  `);
}
