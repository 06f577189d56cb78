import type { QueryInterface } from 'sequelize';

/**
 * Product audit trail (issue #13): `product_changes` holds, per insert or update of a product, which fields
 * changed from what to what, when and by whom. A trigger writes it, so no writer can forget: the actor is the
 * transaction's `ppm.actor` setting (JSON: the API sets a user or service token, imports set `import`), and a
 * write without one that changes the ERP content hash is an ERP pull (`erp_pull` with its source); anything
 * else is `system`. Bookkeeping columns (updated_at, version, search_tsv, erp_content_hash, created_at) are
 * not fields of their own.
 */
export const name = '0012-product-audit';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE product_changes (
      id         BIGSERIAL PRIMARY KEY,
      product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
      operation  VARCHAR(8) NOT NULL CHECK (operation IN ('insert','update')),
      actor      JSONB NOT NULL,
      changes    JSONB NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
    );
    CREATE INDEX product_changes_product ON product_changes (product_id, created_at DESC, id DESC);

    CREATE OR REPLACE FUNCTION ppm_products_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      bookkeeping text[] := ARRAY['updated_at', 'version', 'search_tsv', 'erp_content_hash', 'created_at', 'id'];
      -- NUMERIC columns as their exact text ("19.9900"), as the API shows them.
      n jsonb := to_jsonb(NEW) - bookkeeping || jsonb_build_object('price_net', NEW.price_net::text, 'vat_rate', NEW.vat_rate::text,
                   'weight_kg', NEW.weight_kg::text, 'stock', NEW.stock::text);
      o jsonb;
      diff jsonb := '{}'::jsonb;
      k text;
      actor jsonb := nullif(current_setting('ppm.actor', true), '')::jsonb;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        o := to_jsonb(OLD) - bookkeeping || jsonb_build_object('price_net', OLD.price_net::text, 'vat_rate', OLD.vat_rate::text,
               'weight_kg', OLD.weight_kg::text, 'stock', OLD.stock::text);
        FOR k IN SELECT jsonb_object_keys(n) LOOP
          IF o -> k IS DISTINCT FROM n -> k THEN
            diff := diff || jsonb_build_object(k, jsonb_build_object('from', o -> k, 'to', n -> k));
          END IF;
        END LOOP;
        IF diff = '{}'::jsonb THEN RETURN NULL; END IF;
      ELSE
        SELECT coalesce(jsonb_object_agg(key, jsonb_build_object('from', NULL, 'to', value)), '{}'::jsonb) INTO diff
          FROM jsonb_each(n) WHERE value <> 'null'::jsonb;
      END IF;
      IF actor IS NULL THEN
        actor := CASE
          WHEN NEW.erp_content_hash IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.erp_content_hash IS DISTINCT FROM OLD.erp_content_hash)
            THEN jsonb_build_object('kind', 'erp_pull', 'sourceId', NEW.erp_source_id)
          ELSE '{"kind":"system"}'::jsonb END;
      END IF;
      INSERT INTO product_changes (product_id, operation, actor, changes) VALUES (NEW.id, lower(TG_OP), actor, diff);
      RETURN NULL;
    END $$;
    CREATE TRIGGER products_audit AFTER INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION ppm_products_audit();
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS products_audit ON products;
    DROP FUNCTION IF EXISTS ppm_products_audit();
    DROP TABLE IF EXISTS product_changes;
  `);
}
